"""The write core that every app's service module builds on.

A service function (``sources/services.py``, ``claims/services.py``, ``claims/workflow.py``)
owns the rules of its records; this module owns what all of them do the same way: lock the
row, compare the version the caller read, write only the fields that changed, set
many-to-many links, and sign the change in the audit trail with the acting user.
Refusals are ``Refused`` errors with a sentence for the user (and the field it concerns,
when there is one), turned into a 400 by the API and into a message by the admin.
"""

import functools
from collections.abc import Callable
from contextlib import AbstractContextManager, ExitStack, contextmanager

import pghistory
from django.conf import settings
from django.db import models, transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext

from core import http_cache
from core.characters import uncarriable_refusal
from core.versioning import StaleVersion, locked_version


class Refused(Exception):
    """A change was refused; the message says why, in words for the user."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def refuse_uncarriable(values: dict) -> None:
    """Refuse (naming the field) text that XML and JSON consumers cannot carry
    (core/characters.py): every write checks it, whatever path it came by."""
    for name, value in values.items():
        if message := uncarriable_refusal(value):
            raise Refused(message, field=name)


@contextmanager
def acting(by):
    """Name ``by`` in the audit trail of every row written inside the block (a request's
    middleware may already have done so; a command or the shell has not)."""
    if by is not None and getattr(by, "pk", None) is not None:
        with pghistory.context(user=by.pk):
            yield
    else:
        yield


@functools.cache
def service_scopes() -> tuple[Callable[[], AbstractContextManager], ...]:
    """The context managers around every service call, outermost first, as named in
    ``settings.SERVICE_SCOPES`` (e.g. the webhook events' collection around the claims'
    deferred reassessment, so that events carry the reassessed state)."""
    return tuple(import_string(path) for path in settings.SERVICE_SCOPES)


def service(func):
    """Run a service function in one transaction, with its ``by`` named in the audit
    trail and the registered scopes around it. Nested service calls join the outer one."""

    @functools.wraps(func)
    def run(*args, **kwargs):
        with transaction.atomic(), acting(kwargs.get("by")), ExitStack() as scopes:
            for scope in service_scopes():
                scopes.enter_context(scope())
            return func(*args, **kwargs)

    return run


def lock(instance: models.Model, *, expected_version: int | None = None) -> None:
    """Lock the record's row for the rest of the transaction; with ``expected_version``,
    refuse (StaleVersion) when someone saved since the caller read it."""
    current = locked_version(instance)
    if current is None:
        raise Refused(
            gettext("This %(record)s no longer exists.") % {"record": instance._meta.verbose_name}
        )
    if expected_version is not None and current != expected_version:
        raise StaleVersion(current_version=current)


def write(
    instance: models.Model,
    *,
    values: dict,
    links: dict | None = None,
    stamp: dict | None = None,
    expected_version: int | None = None,
) -> set[str]:
    """Create ``instance`` (no pk yet) or update it with ``values``, then set the
    many-to-many ``links`` ({field name: objects}). ``stamp`` (who changed it) is written
    with a change, never alone. Returns the names of what changed. Call inside a
    transaction."""
    links, stamp = links or {}, stamp or {}
    derived = sorted(name for name in values if not instance._meta.get_field(name).editable)
    if derived:
        raise Refused(
            gettext("%(fields)s cannot be set here: the workflow or the server sets it.")
            % {"fields": ", ".join(derived)},
            field=derived[0],
        )
    refuse_uncarriable(values)
    created = instance.pk is None
    if created:
        for name, value in {**values, **stamp}.items():
            setattr(instance, name, value)
        instance.save()
        changed = set(values)
    else:
        lock(instance, expected_version=expected_version)
        instance.refresh_from_db()
        changed = {name for name, value in values.items() if getattr(instance, name) != value}
        if changed:
            for name, value in {**values, **stamp}.items():
                setattr(instance, name, value)
            instance.save(update_fields=sorted(changed | set(stamp)))
    for name, targets in links.items():
        manager = getattr(instance, name)
        wanted = {target.pk for target in targets}
        present = set() if created else set(manager.values_list("pk", flat=True))
        if wanted != present:
            manager.remove(*(present - wanted))
            manager.add(*(wanted - present))
            changed.add(name)
    if changed and not created:
        instance.refresh_from_db(fields=["version", "updated_at"])
    if changed:
        http_cache.purge(http_cache.record_key(instance))
    return changed
