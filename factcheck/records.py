"""The write core that every app's service module builds on.

A service function (``sources/records.py``, ``claims/records.py``, ``claims/workflow.py``)
owns the rules of its records; this module owns what all of them do the same way: lock the
row, compare the version the caller read, write only the fields that changed, set
many-to-many links, and sign the change in the audit trail with the acting user.
Refusals are ``Refused`` errors with a sentence for the user (and the field it concerns,
when there is one), turned into a 400 by the API and into a message by the admin.
"""

from contextlib import contextmanager

import pghistory
from django.db import models

from factcheck.versioning import StaleVersion, locked_version


class Refused(Exception):
    """A change was refused; the message says why, in words for the user."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


@contextmanager
def acting(by):
    """Name ``by`` in the audit trail of every row written inside the block (a request's
    middleware may already have done so; a command or the shell has not)."""
    if by is not None and getattr(by, "pk", None) is not None:
        with pghistory.context(user=by.pk):
            yield
    else:
        yield


def lock(instance: models.Model, *, expected_version: int | None = None) -> None:
    """Lock the record's row for the rest of the transaction; with ``expected_version``,
    refuse (StaleVersion) when someone saved since the caller read it."""
    current = locked_version(instance)
    if current is None:
        raise Refused(f"This {instance._meta.verbose_name} no longer exists.")
    if expected_version is not None and current != expected_version:
        raise StaleVersion(current_version=current)


def write(
    instance: models.Model,
    *,
    values: dict,
    links: dict | None = None,
    expected_version: int | None = None,
) -> set[str]:
    """Create ``instance`` (no pk yet) or update it with ``values``, then set the
    many-to-many ``links`` ({field name: objects}). Returns the names of what changed.
    Call inside a transaction."""
    links = links or {}
    if instance.pk is None:
        for name, value in values.items():
            setattr(instance, name, value)
        instance.save()
        changed = set(values)
    else:
        lock(instance, expected_version=expected_version)
        instance.refresh_from_db()
        changed = {name for name, value in values.items() if getattr(instance, name) != value}
        for name in changed:
            setattr(instance, name, values[name])
        if changed:
            instance.save(update_fields=sorted(changed))
    for name, targets in links.items():
        manager = getattr(instance, name)
        wanted = {target.pk for target in targets}
        present = set(manager.values_list("pk", flat=True))
        if wanted != present:
            manager.remove(*(present - wanted))
            manager.add(*(wanted - present))
            changed.add(name)
    if changed and instance.pk is not None:
        instance.refresh_from_db(fields=["version", "updated_at"])
    return changed
