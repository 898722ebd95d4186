"""Optimistic locking shared by every editable model.

Each editable table carries ``version`` and ``updated_at``. A database trigger bumps the
version and stamps ``updated_at`` on every UPDATE that changes the row, whatever path the
write takes (ORM, bulk update, raw SQL). A writer states the version it read and applies
its change with a conditional UPDATE, so two writers racing on the same version get one
success and one refusal.
"""

import pgtrigger
from django.db import models


class StaleVersion(Exception):
    """The record changed since the writer read it."""

    def __init__(self, *, current_version: int | None):
        self.current_version = current_version
        super().__init__("This record was changed by someone else since you loaded it.")


def version_trigger() -> pgtrigger.Trigger:
    return pgtrigger.Trigger(
        name="bump_version",
        when=pgtrigger.Before,
        operation=pgtrigger.Update,
        condition=pgtrigger.Condition("OLD.* IS DISTINCT FROM NEW.*"),
        func="NEW.version := OLD.version + 1; NEW.updated_at := clock_timestamp(); RETURN NEW;",
    )


def update_versioned(instance: models.Model, *, expected_version: int, **changes) -> models.Model:
    """Apply ``changes`` to ``instance`` only if its row still has ``expected_version``.

    Raises StaleVersion (and writes nothing) when another writer got there first. Returns
    the instance refreshed from the database.
    """
    model = type(instance)
    updated = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
        **changes
    )
    if not updated:
        current = model._default_manager.filter(pk=instance.pk).values_list("version", flat=True)
        raise StaleVersion(current_version=next(iter(current), None))
    instance.refresh_from_db()
    return instance
