"""Every change of claims, their evidence and appearances, claimants and events goes
through here: the admin, the API, the seed loader and the commands call these functions;
forms and serializers only validate and shape what they pass in.

Each function takes keyword arguments only, runs in one transaction (``service``), locks
the row it changes and compares ``expected_version`` when the caller read one, names
``by`` in the audit trail, and says which claims' assessment the change touches; those
are reassessed once when the outermost call completes (claims/assessment_service.py).
A change to a claim, its evidence or appearances is announced to webhook subscribers
(``claims.signals.claim_changed``: webhooks tell subscribers of published claims).
Verdicts and workflow steps have their own module, claims/workflow.py.
"""

from dataclasses import dataclass, field

from django.utils.translation import get_language, gettext, pgettext_lazy

from claims import assessment_service, languages
from claims.models import (
    Appearance,
    Claim,
    Claimant,
    ClaimTranslation,
    Event,
    Evidence,
    Verdict,
    VerdictTranslation,
)
from claims.roles import can_publish
from claims.signals import Happened, happened
from core.records import Refused, lock, service, write

# What the assessment reads of each record: a change elsewhere leaves it as it is.
ASSESSED_CLAIM_FIELDS = {"checkable", "claimant", "event", "interested_countries"}
ASSESSED_EVIDENCE_FIELDS = {"source", "stance", "strength", "relies_on", "against_interest"}
ASSESSED_CLAIMANT_FIELDS = {"affiliations", "state_actor", "country"}
# What readers see beneath a published verdict: once a claim is published (or retracted),
# only an editor changes it, the way an editor publishes a correction.
PUBLISHED_CONTENT_FIELDS = ("text", "summary", "language", "claimant", "checkable", "stated_on")
AFTER_PUBLICATION = (Claim.Status.PUBLISHED, Claim.Status.RETRACTED)


def editor_only_fields(*, claim: Claim, by) -> tuple[str, ...]:
    """The fields of ``claim`` that only an editor may change now (none before it is
    published, none for an editor)."""
    if claim.pk is None or claim.status not in AFTER_PUBLICATION or can_publish(by):
        return ()
    return PUBLISHED_CONTENT_FIELDS


def require_editor_for_published(*, claim: Claim, by, change: str) -> None:
    """Refuse ``change`` (what it does, in words) of a published or retracted claim unless
    ``by`` is an editor: another app's record that readers see on the claim's page (an
    external review confirmed onto it) follows the claim's own rule."""
    if claim.status in AFTER_PUBLICATION and not can_publish(by):
        raise Refused(
            gettext(
                "Only an editor may %(change)s a published claim: what readers see beneath a "
                "verdict changes with an editor or not at all."
            )
            % {"change": change}
        )


def require_editor_after_publication(*, claim: Claim, values: dict, by) -> None:
    """Refuse a change of what readers see beneath a published claim's verdict unless
    ``by`` is an editor (the rule is named, the first changed field given)."""
    changed = [
        name
        for name in editor_only_fields(claim=claim, by=by)
        if name in values and getattr(claim, name) != values[name]
    ]
    if changed:
        names = ", ".join(str(Claim._meta.get_field(name).verbose_name) for name in changed)
        raise Refused(
            gettext(
                "Only an editor changes the %(fields)s of a published claim: what readers see "
                "beneath a verdict changes with an editor or not at all (ask an editor, or "
                "draft a correction)."
            )
            % {"fields": names},
            field=changed[0],
        )


def language_of(code, *, field: str = "language") -> str:
    """``code`` in its canonical form; refused (naming ``field``) when it names no
    language."""
    try:
        return languages.normalize(code)
    except ValueError as error:
        raise Refused(str(error), field=field) from error


def claim_language(code, *, text) -> str:
    """A claim's language: the one given, else the one its text is detected to be in
    (py3langid), else English."""
    if code is None or str(code).strip() == "":
        return languages.detect(text or "") or languages.DEFAULT
    return language_of(code)


@dataclass(frozen=True)
class RowChange:
    """One evidence or appearance row as an editing screen submits it: a new row
    (``row`` None), new ``values`` for an existing row, or its removal."""

    row: Evidence | Appearance | None = None
    values: dict = field(default_factory=dict)
    expected_version: int | None = None
    delete: bool = False


@service
def save_claim(
    *,
    instance: Claim | None = None,
    by,
    expected_version: int | None = None,
    evidence: list[RowChange] = (),
    appearances: list[RowChange] = (),
    translations: list[RowChange] = (),
    **values,
) -> Claim:
    """Create a claim (``instance`` None) or change the given fields of one, together with
    the changes to its evidence, appearances and translations that the same screen
    submitted."""
    claim = instance or Claim()
    created = claim.pk is None
    if "language" in values or created:
        values["language"] = claim_language(
            values.get("language"), text=values.get("text", claim.text)
        )
    if not created:
        lock(claim, expected_version=expected_version)
        claim.refresh_from_db()
        require_editor_after_publication(claim=claim, values=values, by=by)
    stamp = {"updated_by": by, **({"created_by": by} if created else {})}
    changed = write(claim, values=values, stamp=stamp, expected_version=expected_version)
    for change in evidence:
        _apply(change, claim=claim, by=by, save=save_evidence, remove=remove_evidence)
    for change in appearances:
        _apply(change, claim=claim, by=by, save=save_appearance, remove=remove_appearance)
    for change in translations:
        _apply(
            change,
            claim=claim,
            by=by,
            save=save_claim_translation,
            remove=remove_claim_translation,
        )
    if created or changed & ASSESSED_CLAIM_FIELDS:
        assessment_service.touch([claim.pk])
    if changed and not created:
        happened([claim.pk], Happened.UPDATED)
    return claim


def _apply(change: RowChange, *, claim, by, save, remove) -> None:
    if change.delete:
        if change.row is not None:
            remove(instance=change.row, by=by, expected_version=change.expected_version)
    elif change.row is None:
        save(claim=claim, by=by, **change.values)
    else:
        save(instance=change.row, by=by, expected_version=change.expected_version, **change.values)


def _save_part(
    model, *, row, claim, expected_version, relies_on=None, stamp=None, **values
) -> tuple:
    row = row if row is not None else model(claim=claim)
    links = {"relies_on": list(relies_on)} if relies_on is not None else {}
    changed = write(row, values=values, links=links, stamp=stamp, expected_version=expected_version)
    return row, changed


@service
def save_evidence(
    *,
    instance: Evidence | None = None,
    claim: Claim | None = None,
    by,
    expected_version: int | None = None,
    relies_on=None,
    **values,
) -> Evidence:
    """Link a source to ``claim`` as evidence (``instance`` None), or change a piece of
    evidence. ``relies_on``, when given, is the whole set of material this piece relies
    on for this claim."""
    created = instance is None or instance.pk is None
    against = values.get("against_interest", not created and instance.against_interest)
    note = values.get("against_interest_note", "" if created else instance.against_interest_note)
    if against and not str(note or "").strip():
        raise Refused(
            gettext("Say why this material goes against the claimant's interest."),
            field="against_interest_note",
        )
    evidence, changed = _save_part(
        Evidence,
        row=instance,
        claim=claim,
        expected_version=expected_version,
        relies_on=relies_on,
        stamp={"added_by": by} if created else {},
        **values,
    )
    if created or changed & ASSESSED_EVIDENCE_FIELDS:
        assessment_service.touch([evidence.claim_id])
    if created or changed:
        happened([evidence.claim_id], Happened.UPDATED)
    return evidence


@service
def remove_evidence(*, instance: Evidence, by, expected_version: int | None = None) -> None:
    lock(instance, expected_version=expected_version)
    instance.delete()
    assessment_service.touch([instance.claim_id])
    happened([instance.claim_id], Happened.UPDATED)


@service
def save_appearance(
    *,
    instance: Appearance | None = None,
    claim: Claim | None = None,
    by,
    expected_version: int | None = None,
    **values,
) -> Appearance:
    """Record where the claim was made or repeated (``instance`` None), or change that
    record. ``language``, when given, is the quote's (empty: the claim's own)."""
    created = instance is None or instance.pk is None
    if values.get("language"):
        values["language"] = language_of(values["language"])
    appearance, changed = _save_part(
        Appearance, row=instance, claim=claim, expected_version=expected_version, **values
    )
    if created or changed:
        happened([appearance.claim_id], Happened.UPDATED)
    return appearance


@service
def remove_appearance(*, instance: Appearance, by, expected_version: int | None = None) -> None:
    lock(instance, expected_version=expected_version)
    instance.delete()
    happened([instance.claim_id], Happened.UPDATED)


@service
def save_claimant(
    *,
    instance: Claimant | None = None,
    by,
    expected_version: int | None = None,
    affiliations=None,
    **values,
) -> Claimant:
    """Create a claimant or change one; ``affiliations``, when given, is the whole set of
    outlets whose material is the claimant's own."""
    claimant = instance or Claimant()
    created = claimant.pk is None
    links = {"affiliations": list(affiliations)} if affiliations is not None else {}
    changed = write(claimant, values=values, links=links, expected_version=expected_version)
    if not created and changed & ASSESSED_CLAIMANT_FIELDS:
        assessment_service.touch(claimant.claims.values_list("pk", flat=True))
        # Material carrying the claimant's words may be another claimant's own.
        spoken = claimant.spoken_sources.values_list("pk", flat=True)
        assessment_service.touch(assessment_service.claims_relying_on(spoken))
    return claimant


@service
def save_event(*, instance: Event | None = None, by, expected_version=None, **values) -> Event:
    """Create an event or change one."""
    event = instance or Event()
    changed = write(event, values=values, expected_version=expected_version)
    if "interested_countries" in changed and instance is not None:
        assessment_service.touch(event.claims.values_list("pk", flat=True))
    return event


def _translation_language(code, *, original: str) -> str:
    language = language_of(code)
    if languages.primary(language) == languages.primary(original):
        raise Refused(
            gettext("The original is in %(language)s: a translation is into another language.")
            % {"language": languages.name(original, in_language=get_language() or "en")},
            field="language",
        )
    return language


def verdict_translation_language(code) -> str:
    """The canonical language of a translation of a verdict's rationale; refused (on
    ``language``) when it names no language, or names the one verdicts are written in."""
    return _translation_language(code, original=languages.of_verdicts())


@service
def save_claim_translation(
    *,
    instance: ClaimTranslation | None = None,
    claim: Claim | None = None,
    by,
    expected_version: int | None = None,
    **values,
) -> ClaimTranslation:
    """Add a translation of a claim's text and summary (``instance`` None), or change
    one. A person's translation names them (``by``); ``machine=True`` says software made
    it. Readers see it with the claim, so after publication it is an editor's to change."""
    claim = instance.claim if instance is not None and instance.pk else claim
    lock(claim)
    claim.refresh_from_db(fields=["language", "status"])
    require_editor_for_published(
        claim=claim, by=by, change=pgettext_lazy("change of a published claim", "translate")
    )
    translation = instance if instance is not None else ClaimTranslation(claim=claim)
    if "language" in values or translation.pk is None:
        values["language"] = _translation_language(values.get("language"), original=claim.language)
    duplicate = claim.translations.filter(language=values.get("language", translation.language))
    if duplicate.exclude(pk=translation.pk).exists():
        raise Refused(
            gettext("This claim already has a translation into that language."), field="language"
        )
    machine = values.get("machine", translation.machine)
    stamp = {"translated_by": None if machine else by}
    changed = write(translation, values=values, stamp=stamp, expected_version=expected_version)
    if changed:
        happened([claim.pk], Happened.UPDATED)
    return translation


@service
def remove_claim_translation(
    *, instance: ClaimTranslation, by, expected_version: int | None = None
) -> None:
    lock(instance.claim)
    instance.claim.refresh_from_db(fields=["status"])
    require_editor_for_published(
        claim=instance.claim,
        by=by,
        change=pgettext_lazy("change of a published claim", "remove a translation of"),
    )
    lock(instance, expected_version=expected_version)
    instance.delete()
    happened([instance.claim_id], Happened.UPDATED)


@service
def save_verdict_translation(
    *,
    instance: VerdictTranslation | None = None,
    verdict: Verdict | None = None,
    by,
    expected_version: int | None = None,
    **values,
) -> VerdictTranslation:
    """Add a translation of a verdict's rationale, or change one. The rationale is written
    in the site's language, so a translation is into any other. Readers see it only with
    the published verdict; a published verdict's translation is an editor's to write (the
    verdict itself never changes). A change of a draft's translation is a new version of
    the draft (a database trigger: claims/search_document.py)."""
    verdict = instance.verdict if instance is not None and instance.pk else verdict
    lock(verdict)
    verdict.refresh_from_db(fields=["status"])
    claim = verdict.claim
    if verdict.status == Verdict.Status.PUBLISHED and not can_publish(by):
        raise Refused(
            gettext(
                "Only an editor translates a published verdict: readers see it beneath the verdict."
            )
        )
    translation = instance if instance is not None else VerdictTranslation(verdict=verdict)
    if "language" in values or translation.pk is None:
        values["language"] = verdict_translation_language(values.get("language"))
    duplicate = verdict.translations.filter(language=values.get("language", translation.language))
    if duplicate.exclude(pk=translation.pk).exists():
        raise Refused(
            gettext("This verdict already has a translation into that language."), field="language"
        )
    machine = values.get("machine", translation.machine)
    stamp = {"translated_by": None if machine else by}
    changed = write(translation, values=values, stamp=stamp, expected_version=expected_version)
    if changed and verdict.status == Verdict.Status.PUBLISHED:
        happened([claim.pk], Happened.UPDATED)
    return translation


@service
def remove_verdict_translation(
    *, instance: VerdictTranslation, by, expected_version: int | None = None
) -> None:
    verdict = instance.verdict
    if verdict.status == Verdict.Status.PUBLISHED and not can_publish(by):
        raise Refused(gettext("Only an editor removes a translation of a published verdict."))
    lock(instance, expected_version=expected_version)
    instance.delete()
    if verdict.status == Verdict.Status.PUBLISHED:
        happened([verdict.claim_id], Happened.UPDATED)
