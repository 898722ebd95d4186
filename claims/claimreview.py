"""schema.org ClaimReview for a published claim: the one builder the API, the feed and the
public claim page all embed.

The builder is pure: it reads the claim, its claimant, its current verdict and its
appearances (with their sources and outlets) and makes no query of its own when the
caller has loaded them (``Claim.objects.with_claimreview()``).
"""

from claims.models import Appearance, Claim, Claimant
from claims.ratings import BEST_RATING, WORST_RATING, rating_info


def claim_review(claim: Claim, *, site_url: str, publisher_name: str, publisher_url: str) -> dict:
    """The ClaimReview JSON-LD of a published claim, as a dict ready to encode."""
    if not claim.is_published or claim.current_verdict is None:
        raise ValueError("Only a published claim with a verdict has a ClaimReview.")
    verdict = claim.current_verdict
    first_published = claim.published_at or verdict.published_at
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": site_url.rstrip("/") + claim.get_absolute_url(),
        "claimReviewed": claim.summary,
        "datePublished": first_published.date().isoformat(),
        "author": _organization(publisher_name, publisher_url),
        "reviewRating": _rating(verdict.rating, verdict.rationale),
        "itemReviewed": _item_reviewed(claim),
    }
    if verdict.published_at.date() != first_published.date():
        review["dateModified"] = verdict.published_at.date().isoformat()
    # The verdict holds for what was known up to that date (an open-start interval).
    review["temporalCoverage"] = f"../{verdict.as_of.isoformat()}"
    return review


def _organization(name: str, url: str = "") -> dict:
    organization = {"@type": "Organization", "name": name}
    if url:
        organization["url"] = url
    return organization


def _rating(rating: str, rationale: str) -> dict:
    info = rating_info(rating)
    result = {"@type": "Rating", "alternateName": info.label, "ratingExplanation": rationale}
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


def _creative_work(appearance: Appearance) -> dict:
    source = appearance.source
    work = {"@type": "CreativeWork", "headline": source.title}
    if source.url:
        work["url"] = source.url
    published = appearance.appeared_on or source.published_on
    if published:
        work["datePublished"] = published.isoformat()
    if source.outlet is not None:
        work["publisher"] = _organization(source.outlet.name, source.outlet.website)
    return work


def _item_reviewed(claim: Claim) -> dict:
    item = {"@type": "Claim", "author": _claim_author(claim.claimant)}
    if claim.stated_on:
        item["datePublished"] = claim.stated_on.isoformat()
    appearances = [_creative_work(a) for a in claim.appearances.all()]
    if appearances:
        item["firstAppearance"] = appearances[0]
        item["appearance"] = appearances
    return item
