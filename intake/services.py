"""Every change of tips and external reviews goes through here, in the style of
claims/services.py: keyword-only arguments, one transaction (``service``), ``by`` named in
the audit trail, a ``Refused`` error with a sentence for the user on refusal."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext, pgettext_lazy

from claims import services as claim_services
from claims.models import Claim, Claimant
from claims.ratings import Rating
from core.records import Refused, lock, service, write
from intake.addresses import review_identity
from intake.models import ExternalReview, RatingWording, Tip
from intake.ratings import normalise_rating, wording_key
from intake.signals import tip_linked, tip_received
from sources import services as source_services
from sources.models import Source

UNIDENTIFIED_CLAIMANT = "not-yet-identified"
SUMMARY_LENGTH = 120


@service
def receive_tip(
    *,
    text: str,
    seen_url: str = "",
    seen_description: str = "",
    contact: str = "",
    via_api: bool = False,
    by=None,
) -> Tip:
    """Store a tip from the public; ``tip_received`` is sent once it is committed."""
    tip = Tip()
    write(
        tip,
        values={
            "text": text.strip(),
            "seen_url": seen_url.strip(),
            "seen_description": seen_description.strip(),
            "contact": contact.strip(),
        },
        stamp={"via_api": via_api},
    )
    transaction.on_commit(lambda: tip_received.send(sender=Tip, tip=tip))
    return tip


def _handled(tip: Tip, *, status: str, claim: Claim | None, by) -> Tip:
    lock(tip)
    Tip.objects.filter(pk=tip.pk).update(
        status=status, claim=claim, handled_by=by, handled_at=timezone.now()
    )
    tip.refresh_from_db()
    if claim is not None:
        tip_linked.send(sender=Tip, tip=tip, claim=claim, by=by)
    return tip


@service
def decline_tip(*, tip: Tip, by) -> Tip:
    return _handled(tip, status=Tip.Status.DECLINED, claim=None, by=by)


@service
def reopen_tip(*, tip: Tip, by) -> Tip:
    return _handled(tip, status=Tip.Status.NEW, claim=None, by=by)


@service
def mark_tip_duplicate(*, tip: Tip, claim: Claim, by) -> Tip:
    """The tip asks about a claim already recorded."""
    return _handled(tip, status=Tip.Status.DUPLICATE, claim=claim, by=by)


def _unidentified_claimant(by) -> Claimant:
    claimant = Claimant.objects.filter(slug=UNIDENTIFIED_CLAIMANT).first()
    return claimant or claim_services.save_claimant(
        by=by,
        name="Not yet identified",
        slug=UNIDENTIFIED_CLAIMANT,
        kind=Claimant.Kind.PERSON,
        description="Claims from tips before a fact-checker names who made them.",
    )


def _source_for(url: str, by) -> Source:
    existing = Source.objects.filter(url=url).order_by("pk").first()
    if existing is not None:
        return existing
    host = urlsplit(url).hostname or url
    return source_services.save_source(
        by=by, title=Truncator(f"Seen at {host}").chars(300), url=url, kind=Source.Kind.ARTICLE
    )


@service
def tip_to_claim(*, tip: Tip, by, claimant: Claimant | None = None) -> Claim:
    """Record the tip as a new draft claim, the tip's link as the place it appeared; the
    claimant is the one given or "Not yet identified" for the fact-checker to change."""
    lock(tip)
    tip.refresh_from_db()
    if tip.status == Tip.Status.CLAIMED and tip.claim_id:
        raise Refused(gettext("This tip has already been turned into a claim."))
    appearances = []
    if tip.seen_url:
        appearances.append(
            claim_services.RowChange(
                values={
                    "source": _source_for(tip.seen_url, by),
                    "quote": tip.text,
                    "note": tip.seen_description,
                    "appeared_on": timezone.localdate(tip.received_at),
                }
            )
        )
    claim = claim_services.save_claim(
        by=by,
        text=tip.text,
        summary=Truncator(" ".join(tip.text.split())).chars(SUMMARY_LENGTH),
        claimant=claimant or _unidentified_claimant(by),
        appearances=appearances,
    )
    _handled(tip, status=Tip.Status.CLAIMED, claim=claim, by=by)
    return claim


@service
def erase_old_contacts(*, by=None, now=None) -> int:
    """Erase the contact details of tips older than the retention period."""
    now = now or timezone.now()
    return Tip.objects.contacts_due_for_erasure(now=now).update(contact="", contact_erased_at=now)


REVIEW_FIELDS = [
    "title",
    "publisher_name",
    "publisher_site",
    "claim_text",
    "claimant",
    "claim_date",
    "appearance_urls",
    "rating_text",
    "rating",
    "rating_value",
    "best_rating",
    "worst_rating",
    "review_date",
    "language",
]


@service
def import_review(*, values: dict, by=None) -> tuple[ExternalReview, str]:
    """Store one review keyed by its normalised address (intake/addresses.py): "new",
    "updated" or "unchanged". The address first seen is kept. A value that does not fit
    its field is refused with the field named, and nothing is written."""
    identity = review_identity(values["url"])
    review = ExternalReview.objects.select_for_update().filter(identity=identity).first()
    candidate = ExternalReview(**values, identity=identity)
    try:
        candidate.full_clean(exclude=["url"] if review else [], validate_unique=False)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise Refused(f"{field}: {' '.join(messages)}", field=field) from None
    if review is None:
        write(candidate, values=values, stamp={"identity": identity})
        outcome, review = "new", candidate
    else:
        changed = write(review, values={k: values[k] for k in REVIEW_FIELDS if k in values})
        outcome = "updated" if changed else "unchanged"
    return review, outcome


@service
def save_rating_wording(
    *, instance: RatingWording | None = None, by, expected_version: int | None = None, **values
) -> RatingWording:
    """Map another fact-checker's rating wording onto our scale; the reviews already
    imported with that wording and no rating of ours take it. A wording the built-in
    table already maps, or one an editor mapped, is refused with the rating it has."""
    wording = RatingWording() if instance is None else instance
    key = wording_key(values.get("wording", wording.wording))
    if not key:
        raise Refused(
            gettext("Give the wording as the other fact-checker writes it."), field="wording"
        )
    taken = RatingWording.objects.filter(key=key).exclude(pk=wording.pk).first()
    if taken is not None:
        raise Refused(
            gettext("“%(wording)s” is already mapped to %(rating)s.")
            % {"wording": taken.wording, "rating": taken.get_rating_display()},
            field="wording",
        )
    built_in = normalise_rating(values.get("wording", wording.wording))
    if built_in:
        raise Refused(
            gettext("This wording already maps to %(rating)s without a table entry.")
            % {"rating": Rating(built_in).label},
            field="wording",
        )
    before = (wording.key, wording.rating) if wording.pk else ("", "")
    write(wording, values=values, stamp={"key": key}, expected_version=expected_version)
    # Reviews with no rating of ours, and, when the entry changed, those it had mapped.
    keys = {key, before[0]} - {""}
    candidates = ExternalReview.objects.filter(rating__in={"", before[1]}).exclude(rating_text="")
    matching = [
        pk for pk, text in candidates.values_list("pk", "rating_text") if wording_key(text) in keys
    ]
    if matching:
        ExternalReview.objects.filter(pk__in=matching).update(
            rating=wording.rating, updated_at=timezone.now()
        )
    return wording


@service
def confirm_review(*, review: ExternalReview, claim: Claim | None, by) -> ExternalReview:
    """Confirm the review is about ``claim`` (None: about none of ours). Readers see it on
    the claim's page, so on a published claim (confirming, or taking it off) this is an
    editor's step (claims/services.py)."""
    lock(review)
    review.refresh_from_db()
    if claim is not None and claim.pk == review.confirmed_claim_id:
        return review
    if review.confirmed_claim is not None:
        claim_services.require_editor_for_published(
            claim=review.confirmed_claim,
            by=by,
            change=pgettext_lazy(
                "change of a published claim", "take another fact-checker's review off"
            ),
        )
    if claim is not None:
        claim_services.require_editor_for_published(
            claim=claim,
            by=by,
            change=pgettext_lazy(
                "change of a published claim", "confirm another fact-checker's review onto"
            ),
        )
    write(review, values={"confirmed_claim": claim})
    return review
