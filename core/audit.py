"""Reading the audit trail.

Database triggers (django-pghistory) write an event for every insert, update and delete
of the tracked tables, whatever path the write takes, with the context of the request or
command behind it (``user``, ``url``, ``command``). This module turns those events into
entries a person can read: when, who, through what, which record, and each field's value
before and after. It reads; it never writes.

How to name an app's records is registered by the app that owns them (``read_as``, from
its ``AppConfig.ready``), so this module knows none of them.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext
from pghistory.models import MiddlewareEvents

# Bookkeeping columns that every write touches; listing them would bury the real changes.
BOOKKEEPING = frozenset({"id", "version", "created_at", "updated_at"})
ACTIONS = {"insert": "added", "update": "changed", "delete": "deleted"}
EMPTY = "—"

# What to fetch along with a related record so that its label costs no further query.
LABEL_RELATIONS: dict[type[models.Model], list[str]] = {}
# Foreign keys that name the record an event is about: "evidence from “<source>”".
NAMING_KEYS: dict[str, type[models.Model]] = {}
# Foreign keys to a whole whose parts are read in its trail (evidence of a claim): left out
# of the parts' events, and the whole is named by its kind alone.
OWNER_KEYS: dict[str, type[models.Model]] = {}


def read_as(
    model: type[models.Model],
    *,
    label_with: tuple[str, ...] = (),
    names_parts_by: str | None = None,
    owns_parts_by: str | None = None,
) -> None:
    """Say how the trail reads ``model``: ``label_with`` the relations its label needs;
    ``names_parts_by`` the foreign key (attname) through which it names the records that
    point at it; ``owns_parts_by`` the foreign key (attname) of its parts."""
    if label_with:
        LABEL_RELATIONS[model] = list(label_with)
    if names_parts_by:
        NAMING_KEYS[names_parts_by] = model
    if owns_parts_by:
        OWNER_KEYS[owns_parts_by] = model


@dataclass(frozen=True)
class FieldChange:
    name: str
    before: str
    after: str

    def sentence(self) -> str:
        before, after = Truncator(self.before).chars(60), Truncator(self.after).chars(60)
        if self.before == EMPTY:
            return gettext("%(field)s “%(after)s”") % {"field": self.name, "after": after}
        if self.after == EMPTY and self.before != EMPTY:
            return gettext("%(field)s was “%(before)s”") % {"field": self.name, "before": before}
        return gettext("%(field)s from “%(before)s” to “%(after)s”") % {
            "field": self.name,
            "before": before,
            "after": after,
        }


@dataclass(frozen=True)
class Entry:
    at: object
    who: str
    via: str
    action: str
    record: str
    changes: list[FieldChange]

    def sentence(self) -> str:
        """One line: who did what to which fields, for messages."""
        details = "; ".join(change.sentence() for change in self.changes)
        when = formats.date_format(timezone.localtime(self.at), "DATETIME_FORMAT")
        done = {
            "added": gettext("%(who)s added the %(record)s at %(when)s"),
            "changed": gettext("%(who)s changed the %(record)s at %(when)s"),
            "deleted": gettext("%(who)s deleted the %(record)s at %(when)s"),
        }.get(self.action)
        if done is None:
            line = f"{self.who} {self.action} the {self.record} at {when}"
        else:
            line = done % {"who": self.who, "record": self.record, "when": when}
        return line + (f": {details}" if details else "")


def _newest_first() -> models.QuerySet:
    """Events across every tracked table, newest first, with the user who caused them."""
    return MiddlewareEvents.objects.select_related("user").order_by("-pgh_created_at", "-pgh_id")


def events_about(record: models.Model) -> models.QuerySet:
    """The record's own events and those of the records that refer to it (a claim's:
    its evidence, appearances and verdicts), newest first."""
    return _newest_first().references(record)


def events_since(obj: models.Model, *, version: int) -> models.QuerySet:
    """The events of one record (a claim, an evidence row...) after the given version,
    oldest first."""
    return (
        MiddlewareEvents.objects.tracks(obj)
        .filter(pgh_data__version__gt=version)
        .select_related("user")
        .order_by("pgh_id")
    )


def entries(events) -> list[Entry]:
    """Readable entries for a page of events, in a fixed number of queries (one per kind
    of related record named in them)."""
    events = list(events)
    labels = _related_labels(events)
    return [_entry(event, labels) for event in events]


def _tracked_fields(event) -> dict[str, models.Field]:
    tracked = apps.get_model(event.pgh_obj_model)
    return {f.attname: f for f in tracked._meta.concrete_fields}


def _shown_values(event) -> dict[str, tuple]:
    """{attname: (before, after)} for the fields worth showing in this event."""
    fields = _tracked_fields(event)
    tracked = apps.get_model(event.pgh_obj_model)
    hidden = BOOKKEEPING | {key for key, whole in OWNER_KEYS.items() if whole is not tracked}
    if event.pgh_label == "update":
        diff = event.pgh_diff or {}
        return {
            name: tuple(values)
            for name, values in diff.items()
            if name in fields and name not in hidden
        }
    data = event.pgh_data or {}
    shown = {}
    for name, value in data.items():
        field = fields.get(name)
        if field is None or name in hidden or value in (None, ""):
            continue
        if field.has_default() and not callable(field.default) and field.default == value:
            continue
        shown[name] = (None, value) if event.pgh_label == "insert" else (value, None)
    return shown


def _related_labels(events) -> dict:
    wanted = defaultdict(set)
    for event in events:
        fields = _tracked_fields(event)
        values = _shown_values(event)
        for name, pair in values.items():
            field = fields[name]
            if field.many_to_one:
                wanted[field.related_model].update(v for v in pair if v is not None)
        for key, model in NAMING_KEYS.items():
            value = (event.pgh_data or {}).get(key)
            if value is not None:
                wanted[model].add(value)
    labels = {}
    for model, ids in wanted.items():
        queryset = model._default_manager.select_related(*LABEL_RELATIONS.get(model, []))
        for obj in queryset.filter(pk__in=ids):
            labels[model, obj.pk] = str(obj)
    return labels


def _display(field: models.Field, value, labels) -> str:
    if value is None or value == "":
        return EMPTY
    if field.many_to_one:
        label = labels.get((field.related_model, value))
        return label if label is not None else gettext("#%(id)s (deleted)") % {"id": value}
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return gettext("yes") if value else gettext("no")
    if isinstance(field, models.DateTimeField):
        return formats.date_format(timezone.localtime(field.to_python(value)), "DATETIME_FORMAT")
    if isinstance(field, models.DateField):
        return formats.date_format(field.to_python(value))
    return str(value)


def _record(event, labels) -> str:
    model = apps.get_model(event.pgh_obj_model)
    data = event.pgh_data or {}
    name = model._meta.verbose_name
    for key, naming in NAMING_KEYS.items():
        label = labels.get((naming, data.get(key)))
        if label:
            return gettext("%(record)s from “%(label)s”") % {"record": name, "label": label}
    if model in OWNER_KEYS.values():
        return name
    return gettext("%(record)s #%(id)s") % {"record": name, "id": event.pgh_obj_id}


def _who(event) -> tuple[str, str]:
    context = event.pgh_context or {}
    command = context.get("command")
    via = context.get("url") or (f"manage.py {command}" if command else "")
    if event.user is not None:
        return event.user.get_username(), via
    if command:
        return f"manage.py {command}", via
    return gettext("no user recorded (a direct database change)"), via


def _entry(event, labels) -> Entry:
    fields = _tracked_fields(event)
    who, via = _who(event)
    changes = [
        FieldChange(
            name=str(fields[name].verbose_name).capitalize(),
            before=_display(fields[name], before, labels),
            after=_display(fields[name], after, labels),
        )
        for name, (before, after) in _shown_values(event).items()
    ]
    return Entry(
        at=event.pgh_created_at,
        who=who,
        via=via,
        action=ACTIONS.get(event.pgh_label, event.pgh_label),
        record=_record(event, labels),
        changes=changes,
    )
