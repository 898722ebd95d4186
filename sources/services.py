"""Every change of outlets and sources goes through here (the admin, the API, the seed
loader), and every removal of media evidence. Keyword-only arguments, one transaction
(``core.records.service``), the row locked, ``by`` the acting user, ``expected_version``
where the caller read one. A change that bears on evidence (an
outlet's standing, a source's outlet or citations) is announced through
``sources.signals.material_changed`` in the same transaction. A source that gets a URL,
or a new one, is archived once the transaction commits (``sources.tasks``).
"""

from django.utils.translation import gettext

from core.records import Refused, service, write
from sources import tasks
from sources.models import MediaFile, Outlet, Source
from sources.signals import material_changed

# Fields whose change alters how much a source's material weighs as evidence.
OUTLET_STANDING = {"reliability", "state_affiliated", "country", "kind"}
SOURCE_STANDING = {"outlet", "speaker", "kind", "verification", "cites", "withdrawn_on"}


def _announce(source_ids) -> None:
    source_ids = set(source_ids)
    if source_ids:
        material_changed.send(sender=Source, source_ids=source_ids)


@service
def save_outlet(*, instance: Outlet | None = None, by, expected_version=None, **values) -> Outlet:
    """Create an outlet (``instance`` None) or change the given fields of one."""
    outlet = instance or Outlet()
    created = outlet.pk is None
    changed = write(outlet, values=values, expected_version=expected_version)
    if not created and changed & OUTLET_STANDING:
        _announce(outlet.sources.values_list("pk", flat=True))
    return outlet


@service
def save_source(
    *, instance: Source | None = None, by, expected_version=None, cites=None, **values
) -> Source:
    """Create a source (``instance`` None) or change the given fields of one; ``cites``,
    when given, is the whole set of material it relies on (provenance)."""
    source = instance or Source()
    if cites is not None and source.pk is not None and any(c.pk == source.pk for c in cites):
        raise Refused(gettext("A source cannot cite itself."), field="cites")
    created = source.pk is None
    known_through = values.get("known_through")
    if known_through is not None and source.pk is not None and known_through.pk == source.pk:
        raise Refused(gettext("A source cannot be known through itself."), field="known_through")
    stamp = _verification(source, values, by=by)
    links = {"cites": list(cites)} if cites is not None else {}
    changed = write(
        source, values=values, links=links, stamp=stamp, expected_version=expected_version
    )
    if not created and changed & SOURCE_STANDING:
        _announce([source.pk])
    if source.url and "url" in changed:
        tasks.enqueue_archive(source)
    return source


def _verification(source: Source, values: dict, *, by) -> dict:
    """Marking material verified needs a note saying how, and records who verified it;
    marking it unverified again clears who did. Returns what to stamp on the source."""
    if "verification" not in values:
        return {}
    # The stored value: an admin form has already set the submitted one on ``source``.
    stored = Source.objects.filter(pk=source.pk).values_list("verification", flat=True).first()
    if values["verification"] == (stored or Source.Verification.UNVERIFIED) and source.pk:
        return {}
    if values["verification"] == Source.Verification.VERIFIED:
        note = values.get("verification_note", source.verification_note)
        if not str(note or "").strip():
            raise Refused(
                gettext("Say how the material was verified before marking it verified."),
                field="verification_note",
            )
        verified_by = by if getattr(by, "pk", None) else None
    else:
        verified_by = None
    return {"verified_by": verified_by}


@service
def delete_source(*, instance: Source, by) -> None:
    """Delete a source no claim uses as evidence or appearance (the database refuses
    otherwise); what cited it or relied on it is reassessed."""
    citing = set(instance.cited_by.values_list("pk", flat=True))
    _announce(citing | {instance.pk})
    instance.delete()


@service
def remove_media(*, instance: MediaFile, by) -> None:
    """Remove an attachment from its source (the admin's inline, the API). The stored
    bytes stay: other attachments of the same content point at them."""
    instance.delete()
