"""schema.org ClaimReview for a published claim: the one builder the API, the feed and the
public claim page all embed.

The builder is pure: it reads the claim, its claimant, its current verdict and its
appearances (with their sources and outlets) and makes no query of its own when the
caller has loaded them (``Claim.objects.with_claimreview()``).

What goes out, and why:

- ``author`` is the publishing organisation with its ``url`` (production refuses to start
  without ``FACTCHECK_PUBLISHER_URL``; in development the site's URL stands in).
- ``datePublished`` is the day the claim was first published; ``dateModified`` is the
  moment the current verdict was published (to the microsecond), so every correction shows as
  a change, even one made the same day.
- ``inLanguage`` of the review is the language its rationale is written in (the site's),
  and of ``itemReviewed`` the language the claim was made in (``Claim.language``).
- Each translation of the verdict's rationale (published with the verdict) is a review of
  its own (``claim_reviews``): ``inLanguage`` the translation's, the rationale translated,
  ``claimReviewed`` the claim's summary in that language when it has a translation.
- ``reviewRating`` carries the textual rating (``alternateName``) always, and a number
  (``ratingValue`` between ``worstRating`` and ``bestRating``) only on the ordered part of
  the scale (false ... true).
- ``itemReviewed`` is the Claim: who made it, when (the date it was stated, else its
  first appearance), and where it appeared (``appearance``, earliest first, and
  ``firstAppearance``), with each place's URL when it has one.
- A claim that is not checkable (an opinion, an intention, a prediction), or whose verdict
  is "not checkable", has no ClaimReview: schema.org's ClaimReview reviews a factual
  claim, and search tools show one as a fact-check. ``Claim.has_claimreview`` and
  ``Claim.objects.reviewable()`` say which claims have one.
"""

from datetime import UTC, date

from django.conf import settings

from claims import languages
from claims.models import Appearance, Claim, Claimant, VerdictTranslation
from claims.ratings import BEST_RATING, WORST_RATING, rating_info


def claim_language(claim: Claim) -> str:
    """The language the claim is kept in, as a BCP 47 tag: the claim's own where it records
    one, else the site's."""
    language = getattr(claim, "language", "") or settings.LANGUAGE_CODE
    return language.replace("_", "-")


def review_language() -> str:
    """The language the newsroom writes its verdicts in: the site's, as a BCP 47 tag."""
    return languages.of_verdicts()


def this_site() -> dict:
    """The publisher arguments of ``claim_review`` and ``claim_reviews`` for this
    instance, from its settings."""
    return {
        "site_url": settings.FACTCHECK_SITE_URL,
        "publisher_name": settings.FACTCHECK_PUBLISHER_NAME,
        "publisher_url": settings.FACTCHECK_PUBLISHER_URL,
    }


def claim_reviews(claim: Claim, **publisher) -> list[dict]:
    """The claim's ClaimReview, then one for each translation of its verdict's rationale
    (in the order of their languages)."""
    return [claim_review(claim, **publisher)] + [
        claim_review(claim, translation=translation, **publisher)
        for translation in sorted(
            claim.current_verdict.translations.all(), key=lambda t: (t.language, t.pk)
        )
    ]


def claim_review(
    claim: Claim,
    *,
    site_url: str,
    publisher_name: str,
    publisher_url: str,
    translation: VerdictTranslation | None = None,
) -> dict:
    """The ClaimReview JSON-LD of a published claim, as a dict ready to encode; with
    ``translation`` (of its current verdict), the review in that translation's language."""
    if not claim.has_claimreview:
        raise ValueError("Only a published, checkable claim with a verdict has a ClaimReview.")
    verdict = claim.current_verdict
    first_published = claim.published_at or verdict.published_at
    summary, rationale, language = claim.summary, verdict.rationale, review_language()
    if translation is not None:
        rationale, language = translation.rationale, translation.language
        summary = next(
            (t.summary for t in claim.translations.all() if t.language == language and t.summary),
            summary,
        )
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": site_url.rstrip("/") + claim.get_absolute_url(),
        "claimReviewed": summary,
        "datePublished": first_published.date().isoformat(),
        "dateModified": verdict.published_at.astimezone(UTC).isoformat(),
        "inLanguage": language,
        "author": _organization(publisher_name, publisher_url or site_url),
        "reviewRating": _rating(verdict.rating, rationale),
        "itemReviewed": _item_reviewed(claim),
        # The verdict holds for what was known up to that date (an open-start interval).
        "temporalCoverage": f"../{verdict.as_of.isoformat()}",
    }


def _organization(name: str, url: str = "") -> dict:
    organization = {"@type": "Organization", "name": name}
    if url:
        organization["url"] = url
    return organization


def _rating(rating: str, rationale: str) -> dict:
    info = rating_info(rating)
    result = {"@type": "Rating", "alternateName": str(info.label), "ratingExplanation": rationale}
    if info.value is not None:
        result.update(ratingValue=info.value, bestRating=BEST_RATING, worstRating=WORST_RATING)
    return result


def _claim_author(claimant: Claimant) -> dict:
    if claimant.kind == Claimant.Kind.PERSON:
        author = {"@type": "Person", "name": claimant.name}
        if claimant.role:
            author["jobTitle"] = claimant.role
        return author
    return _organization(claimant.name)


def _appeared_on(appearance: Appearance) -> date | None:
    return appearance.appeared_on or appearance.source.published_on


def _creative_work(appearance: Appearance) -> dict:
    source = appearance.source
    work = {"@type": "CreativeWork", "headline": source.title}
    if source.url:
        work["url"] = source.url
    published = _appeared_on(appearance)
    if published:
        work["datePublished"] = published.isoformat()
    if source.outlet is not None:
        work["publisher"] = _organization(source.outlet.name, source.outlet.website)
    return work


def _item_reviewed(claim: Claim) -> dict:
    item = {
        "@type": "Claim",
        "author": _claim_author(claim.claimant),
        "inLanguage": claim_language(claim),
    }
    # Earliest first; places with no date at all come last, in the order they were added.
    appearances = sorted(
        claim.appearances.all(), key=lambda a: (_appeared_on(a) is None, _appeared_on(a), a.pk)
    )
    stated = claim.stated_on or (_appeared_on(appearances[0]) if appearances else None)
    if stated:
        item["datePublished"] = stated.isoformat()
    if appearances:
        item["firstAppearance"] = _creative_work(appearances[0])
        item["appearance"] = [_creative_work(a) for a in appearances]
    return item
