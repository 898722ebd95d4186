"""Every change of tips and external reviews goes through here, in the style of
claims/services.py: keyword-only arguments, one transaction (``service``), ``by`` named in
the audit trail, a ``Refused`` error with a sentence for the user on refusal."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator

from claims import services as claim_services
from claims.models import Claim, Claimant
from core.records import Refused, lock, service, write
from intake.models import ExternalReview, Tip
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
        raise Refused("This tip has already been turned into a claim.")
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
    "rating_text",
    "rating",
    "review_date",
    "language",
]


@service
def import_review(*, values: dict, by=None) -> tuple[ExternalReview, str]:
    """Store one review keyed by its URL: "new", "updated" or "unchanged". A value that
    does not fit its field is refused with the field named, and nothing is written."""
    review = ExternalReview.objects.select_for_update().filter(url=values["url"]).first()
    candidate = ExternalReview(**values)
    try:
        candidate.full_clean(exclude=["url"] if review else [], validate_unique=False)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise Refused(f"{field}: {' '.join(messages)}", field=field) from None
    if review is None:
        write(candidate, values=values)
        outcome, review = "new", candidate
    else:
        changed = write(review, values={k: values[k] for k in REVIEW_FIELDS if k in values})
        outcome = "updated" if changed else "unchanged"
    return review, outcome


@service
def confirm_review(*, review: ExternalReview, claim: Claim | None, by) -> ExternalReview:
    """An editor confirms the review is about ``claim`` (None: about none of ours)."""
    write(review, values={"confirmed_claim": claim})
    return review
