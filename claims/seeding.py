"""Loading a seed case: validate the whole file first, then write it in one transaction,
through the same services as the admin and the API.

A seed file is JSON with the lists ``events``, ``outlets``, ``claimants``, ``sources`` and
``claims`` (see seeds/kazakhstan-2022.json). Records are matched on their keys (``slug``
or ``ref``): a record already present is updated to match the file, so a second run of
the same file changes nothing. Links the file does not mention are left alone; a claim's
workflow status and verdict are only set when the claim is created.

Like the admin, the file is asked where each source comes from: who published it
(``outlet``) and whose words it carries (``speaker``, a claimant); a source with neither
must say ``"unattributed": true``. A source known only because another reports it names
that one in ``known_through`` and carries no outlet, URL or date the report does not give.
Countries are ISO 3166-1 alpha-2 codes.
"""

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models

from claims import services, workflow
from claims.models import Appearance, Claim, Claimant, Event, Evidence
from claims.ratings import Rating
from core.characters import uncarriable_refusal
from core.records import service
from sources import services as sources_services
from sources.models import Outlet, Source

DEFAULT_SEED = Path(__file__).resolve().parent.parent / "seeds" / "kazakhstan-2022.json"

# Seed files of the apps above claims that belong to the default case and are loaded after
# it (figures registers its own in its AppConfig.ready): each a function that loads its
# file and returns the lines to report.
FOLLOWING_SEEDS: list = []


def register_following_seed(load) -> None:
    if load not in FOLLOWING_SEEDS:
        FOLLOWING_SEEDS.append(load)


@service
def load_default_case(data: dict) -> tuple["LoadReport", list[str]]:
    """The default case file and the seed files that follow it, in one transaction: the
    claims they touch are assessed once, and their changes announced once, at the end."""
    report = load_seed(data)
    return report, [line for load in FOLLOWING_SEEDS for line in load()]


class SeedError(Exception):
    """The seed file is malformed; nothing was written."""


@dataclass
class LoadReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def summary(self) -> str:
        if not self.changed:
            return "Nothing to change: the seed case is already loaded."
        parts = [f"created {n} {name}" for name, n in sorted(self.created.items())]
        parts += [f"updated {n} {name}" for name, n in sorted(self.updated.items())]
        return "Seed case loaded: " + ", ".join(parts) + "."


# Each section: the model, its key, the plain fields the file sets, and the fields that
# name other records (section they point into).
SECTIONS = {
    "events": (
        Event,
        "slug",
        ["name", "description", "country", "interested_countries", "starts_on", "ends_on"],
        {},
    ),
    "outlets": (
        Outlet,
        "slug",
        [
            "name",
            "kind",
            "country",
            "website",
            "state_affiliated",
            "reliability",
            "reliability_reason",
        ],
        {},
    ),
    "sources": (
        Source,
        "ref",
        [
            "title",
            "url",
            "kind",
            "language",
            "published_on",
            "description",
            "verification",
            "verification_note",
        ],
        {
            "outlet": "outlets",
            "speaker": "claimants",
            "known_through": "sources",
            "cites": "sources",
        },
    ),
    "claimants": (
        Claimant,
        "slug",
        ["name", "kind", "role", "country", "state_actor", "description"],
        {"affiliations": "outlets"},
    ),
    "claims": (
        Claim,
        "ref",
        [
            "text",
            "summary",
            "language",
            "stated_on",
            "stated_on_precision",
            "interested_countries",
            "kind",
            "checkable",
        ],
        {"claimant": "claimants", "event": "events"},
    ),
}
LINK_FIELDS = {
    "appearances": (Appearance, ["quote", "language", "appeared_on", "kind", "note"]),
    "evidence": (
        Evidence,
        ["stance", "strength", "excerpt", "note", "against_interest", "against_interest_note"],
    ),
}
CLAIM_STATUSES = {s.value for s in Claim.Status} - {Claim.Status.RETRACTED}


def read_seed(path: Path) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as missing:
        raise SeedError(f"No seed file at {path}.") from missing
    except json.JSONDecodeError as bad:
        raise SeedError(f"{path} is not valid JSON: {bad}") from bad
    validate_seed(data)
    return data


def _label(section: str, index: int, record) -> str:
    key = SECTIONS[section][1] if section in SECTIONS else None
    name = record.get(key) if isinstance(record, dict) and key else None
    return f"{section}[{index}]" + (f" ({key} '{name}')" if name else "")


def _clean_value(model, name, value):
    model_field = model._meta.get_field(name)
    if value is None and isinstance(
        model_field, models.CharField | models.TextField | models.URLField
    ):
        return ""
    return model_field.clean(value, None) if value is not None else None


def _validate_fields(model, fields, record, where, *, required=()):
    errors = []
    for name in required:
        if record.get(name) in (None, ""):
            errors.append(f"{where}: field '{name}' is required.")
    for name in fields:
        if name not in record:
            continue
        try:
            _clean_value(model, name, record[name])
        except ValidationError as invalid:
            errors.append(f"{where}: field '{name}': {' '.join(invalid.messages)}")
        else:
            if message := uncarriable_refusal(record[name]):
                errors.append(f"{where}: field '{name}': {message}")
    return errors


def validate_seed(data) -> None:
    """Check the whole file; raise SeedError naming every bad record and field."""
    if not isinstance(data, dict):
        raise SeedError("The seed file must hold a JSON object with the case's sections.")
    errors = []
    keys: dict[str, set] = {}
    for section, (model, key, fields, _refs) in SECTIONS.items():
        records = data.get(section, [])
        if not isinstance(records, list):
            errors.append(f"{section}: must be a list.")
            continue
        keys[section] = set()
        for index, record in enumerate(records):
            where = _label(section, index, record)
            if not isinstance(record, dict):
                errors.append(f"{where}: must be an object.")
                continue
            required = [key] + [
                f
                for f in fields
                if not model._meta.get_field(f).blank and not model._meta.get_field(f).has_default()
            ]
            errors += _validate_fields(model, [key, *fields], record, where, required=required)
            if record.get(key) in keys[section]:
                errors.append(f"{where}: field '{key}' repeats an earlier record.")
            if section == "sources":
                errors += _validate_attribution(record, where)
            keys[section].add(record.get(key))
    existing = {
        "outlets": set(Outlet.objects.values_list("slug", flat=True)),
        "sources": set(Source.objects.exclude(ref=None).values_list("ref", flat=True)),
        "claimants": set(Claimant.objects.values_list("slug", flat=True)),
        "events": set(Event.objects.values_list("slug", flat=True)),
    }
    for section, (_model, _key, _fields, refs) in SECTIONS.items():
        for index, record in enumerate(data.get(section, []) if section in keys else []):
            if not isinstance(record, dict):
                continue
            where = _label(section, index, record)
            for name, target in refs.items():
                values = record.get(name)
                values = values if isinstance(values, list) else [values]
                for value in values:
                    if value is None and name != "claimant":
                        continue
                    if value not in keys.get(target, set()) | existing.get(target, set()):
                        errors.append(
                            f"{where}: field '{name}': no {target[:-1]} '{value}' in the file or the database."
                        )
            if section == "claims":
                errors += _validate_claim_parts(
                    record, where, keys["sources"] | existing["sources"]
                )
    if errors:
        raise SeedError("The seed file has errors; nothing was written:\n  " + "\n  ".join(errors))


def _validate_attribution(record, where) -> list[str]:
    """Who published it and whose words it carries: one of them, or said to be unknown."""
    attributed = record.get("outlet") or record.get("speaker")
    if not attributed and record.get("unattributed") is not True:
        return [
            f"{where}: say who published it ('outlet') or whose words it carries "
            "('speaker'), or mark it \"unattributed\": true."
        ]
    if attributed and record.get("unattributed"):
        return [f"{where}: field 'unattributed': it names an outlet or a speaker."]
    verified = record.get("verification") == Source.Verification.VERIFIED
    if verified and not str(record.get("verification_note") or "").strip():
        return [f"{where}: field 'verification_note': say how it was verified."]
    return []


def _validate_claim_parts(record, where, source_keys) -> list[str]:
    errors = []
    status = record.get("status", Claim.Status.DRAFT)
    if status not in CLAIM_STATUSES:
        errors.append(
            f"{where}: field 'status': '{status}' is not one of {', '.join(sorted(CLAIM_STATUSES))}."
        )
    for part, (model, fields) in LINK_FIELDS.items():
        rows = record.get(part, [])
        if not isinstance(rows, list):
            errors.append(f"{where}: field '{part}' must be a list.")
            continue
        seen = set()
        for index, row in enumerate(rows):
            row_where = f"{where} {part}[{index}]"
            if not isinstance(row, dict):
                errors.append(f"{row_where}: must be an object.")
                continue
            if row.get("source") not in source_keys:
                errors.append(
                    f"{row_where}: field 'source': no source '{row.get('source')}' in the file or the database."
                )
            relies_on = row.get("relies_on", []) if part == "evidence" else []
            if not isinstance(relies_on, list) or any(r not in source_keys for r in relies_on):
                errors.append(
                    f"{row_where}: field 'relies_on': must list sources in the file or the database."
                )
            if row.get("source") in seen:
                errors.append(f"{row_where}: field 'source': this source is listed twice.")
            seen.add(row.get("source"))
            required = ["stance"] if part == "evidence" else []
            errors += _validate_fields(model, fields, row, row_where, required=required)
            against = (
                row.get("against_interest")
                and not str(row.get("against_interest_note") or "").strip()
            )
            if part == "evidence" and against:
                errors.append(
                    f"{row_where}: field 'against_interest_note': say why it goes against the claimant's interest."
                )
    verdict = record.get("verdict")
    if verdict is not None:
        if not isinstance(verdict, dict):
            errors.append(f"{where}: field 'verdict' must be an object or null.")
        else:
            if verdict.get("rating") not in Rating.values:
                errors.append(
                    f"{where}: field 'verdict.rating': '{verdict.get('rating')}' is not a rating."
                )
            if not str(verdict.get("rationale") or "").strip():
                errors.append(f"{where}: field 'verdict.rationale' is required.")
            elif message := uncarriable_refusal(verdict.get("rationale")):
                errors.append(f"{where}: field 'verdict.rationale': {message}")
            if status != Claim.Status.PUBLISHED:
                errors.append(
                    f"{where}: field 'status': a claim with a verdict must be 'published'."
                )
    elif status == Claim.Status.PUBLISHED:
        errors.append(f"{where}: field 'verdict': a published claim needs a verdict.")
    return errors


def _values(model, fields, record) -> dict:
    return {name: _clean_value(model, name, record.get(name)) for name in fields if name in record}


# The service that writes each kind of record.
SERVICES = {
    Event: services.save_event,
    Outlet: sources_services.save_outlet,
    Source: sources_services.save_source,
    Claimant: services.save_claimant,
    Claim: services.save_claim,
    Evidence: services.save_evidence,
    Appearance: services.save_appearance,
}


def _upsert(model, lookup: dict, values: dict, report: LoadReport, label: str):
    """Create the record or change the fields that differ from the file, through the
    record's service."""
    save = SERVICES[model]
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = save(instance=None, by=None, **lookup, **values)
        report.created[label] += 1
        return instance, True
    changed = {k: v for k, v in values.items() if getattr(instance, k) != v}
    if changed:
        save(instance=instance, by=None, **changed)
        report.updated[label] += 1
    return instance, False


def _add_links(instance, name: str, targets, report: LoadReport, label: str) -> None:
    """Add the links the file names that are missing; links it does not name stay."""
    present = list(getattr(instance, name).all())
    missing = [t for t in targets if t.pk not in {p.pk for p in present}]
    if missing:
        save = SERVICES[type(instance)]
        save(instance=instance, by=None, **{name: present + missing})
        report.created[label] += len(missing)


@service
def load_seed(data: dict) -> LoadReport:
    """Write a validated seed case through the services, in one transaction; the claims
    it touches are assessed once, at the end. Call read_seed (or validate_seed) first."""
    report = LoadReport()
    events = {
        r["slug"]: _upsert(
            Event, {"slug": r["slug"]}, _values(Event, SECTIONS["events"][2], r), report, "events"
        )[0]
        for r in data.get("events", [])
    }
    outlets = {o.slug: o for o in Outlet.objects.all()}
    for r in data.get("outlets", []):
        outlets[r["slug"]] = _upsert(
            Outlet,
            {"slug": r["slug"]},
            _values(Outlet, SECTIONS["outlets"][2], r),
            report,
            "outlets",
        )[0]
    claimants = {c.slug: c for c in Claimant.objects.all()}
    for r in data.get("claimants", []):
        claimant = _upsert(
            Claimant,
            {"slug": r["slug"]},
            _values(Claimant, SECTIONS["claimants"][2], r),
            report,
            "claimants",
        )[0]
        claimants[r["slug"]] = claimant
        _add_links(
            claimant,
            "affiliations",
            [outlets[o] for o in r.get("affiliations", [])],
            report,
            "affiliations",
        )
    sources = {s.ref: s for s in Source.objects.exclude(ref=None)}
    new_sources = set()
    for r in data.get("sources", []):
        values = _values(Source, SECTIONS["sources"][2], r)
        values["outlet"] = outlets.get(r.get("outlet"))
        values["speaker"] = claimants.get(r.get("speaker"))
        source, created = _upsert(Source, {"ref": r["ref"]}, values, report, "sources")
        sources[r["ref"]] = source
        if created:
            new_sources.add(r["ref"])
    for r in data.get("sources", []):
        source = sources[r["ref"]]
        known_through = sources.get(r.get("known_through"))
        if source.known_through_id != (known_through.pk if known_through else None):
            SERVICES[Source](instance=source, by=None, known_through=known_through)
            if r["ref"] not in new_sources:
                report.updated["sources"] += 1
        _add_links(
            source,
            "cites",
            [sources[c] for c in r.get("cites", [])],
            report,
            "citations",
        )
    events.update({e.slug: e for e in Event.objects.exclude(slug__in=events)})

    for r in data.get("claims", []):
        values = _values(Claim, SECTIONS["claims"][2], r)
        values["claimant"] = claimants[r["claimant"]]
        values["event"] = events.get(r.get("event"))
        claim, created = _upsert(Claim, {"ref": r["ref"]}, values, report, "claims")
        for part, (model, fields) in LINK_FIELDS.items():
            for row in r.get(part, []):
                link, _ = _upsert(
                    model,
                    {"claim": claim, "source": sources[row["source"]]},
                    _values(model, fields, row),
                    report,
                    part,
                )
                if row.get("relies_on"):
                    relied_on = [sources[ref] for ref in row["relies_on"]]
                    _add_links(link, "relies_on", relied_on, report, "relied-on links")
        if created:
            _apply_workflow(claim, r)
    return report


def _apply_workflow(claim: Claim, record: dict) -> None:
    verdict = record.get("verdict") or {}
    workflow.import_claim_state(
        claim=claim,
        status=record.get("status", Claim.Status.DRAFT),
        rating=verdict.get("rating"),
        rationale=verdict.get("rationale", ""),
    )
