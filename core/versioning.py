"""Optimistic locking shared by every editable model.

Each editable table carries ``version`` and ``updated_at``. A database trigger bumps the
version and stamps ``updated_at`` on every UPDATE that changes the row, whatever path the
write takes (ORM, bulk update, raw SQL). A writer states the version it read; the write
locks the row, compares the version under the lock (``locked_version``) and saves in the
same transaction, so two writers racing on the same version get one success and one
refusal, and the save still runs through the ORM (the evidence assessment follows it in
that transaction).
"""

import pgtrigger
from django.db import models
from django.utils.translation import gettext


class StaleVersion(Exception):
    """The record changed since the writer read it."""

    def __init__(self, *, current_version: int | None):
        self.current_version = current_version
        super().__init__(gettext("This record was changed by someone else since you loaded it."))


def version_trigger(*, ignoring: tuple[str, ...] = ()) -> pgtrigger.Trigger:
    """``ignoring`` names columns whose change is not a new version: a counter the system
    keeps, which no writer could have read and contradicted, or a column the database
    generates (a BEFORE trigger's condition may not read those at all)."""
    changed = (
        pgtrigger.AnyChange(exclude=list(ignoring))
        if ignoring
        else pgtrigger.Condition("OLD.* IS DISTINCT FROM NEW.*")
    )
    return pgtrigger.Trigger(
        name="bump_version",
        when=pgtrigger.Before,
        operation=pgtrigger.Update,
        condition=changed,
        func="NEW.version := OLD.version + 1; NEW.updated_at := clock_timestamp(); RETURN NEW;",
    )


def locked_version(instance: models.Model) -> int | None:
    """Lock the record's row until the end of the current transaction and return its
    version (None when the row is gone). Call inside transaction.atomic."""
    return (
        type(instance)
        ._default_manager.select_for_update()
        .filter(pk=instance.pk)
        .values_list("version", flat=True)
        .first()
    )
