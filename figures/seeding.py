"""Loading the figures of a seed case (seeds/kazakhstan-2022-figures.json), after the case
itself: the whole file is checked first, then written in one transaction through the
figures' services, so the revision rule applies as it does in the admin.

Quantities are matched on their slug and figures on their ``ref``; a second run changes
nothing. The file names claims and sources by the refs the case file uses, and
claimants, outlets and events by their slugs. A name that is not in the database is not
an error: the link is left out (a figure whose reporter is missing is skipped) and the
report says so, so the file keeps loading while the case file changes.
"""

import json
from pathlib import Path

from django.core.exceptions import ValidationError

from claims.models import Claim, Claimant, Event
from claims.seeding import SeedError
from core.records import service
from figures import services
from figures.models import Figure, Quantity
from sources.models import Outlet, Source

DEFAULT_FIGURES = Path(__file__).resolve().parent.parent / "seeds" / "kazakhstan-2022-figures.json"
QUANTITY_FIELDS = ["name", "unit", "place", "description"]
FIGURE_FIELDS = [
    "value",
    "low",
    "high",
    "approximate",
    "as_of",
    "as_of_precision",
    "reported_on",
    "note",
]


def read_figures(path: Path) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as missing:
        raise SeedError(f"No figures file at {path}.") from missing
    except json.JSONDecodeError as bad:
        raise SeedError(f"{path} is not valid JSON: {bad}") from bad
    validate_figures(data)
    return data


def _clean(model, name, value):
    field = model._meta.get_field(name)
    if value is None:
        return "" if field.get_internal_type() in {"CharField", "TextField"} else None
    return field.clean(value, None)


def validate_figures(data) -> None:
    """Check the file's shape and every value; raise SeedError naming each problem."""
    if not isinstance(data, dict):
        raise SeedError("The figures file must hold a JSON object.")
    errors = []
    slugs = set()
    for index, record in enumerate(data.get("quantities", [])):
        where = f"quantities[{index}]"
        if not isinstance(record, dict) or not record.get("slug") or not record.get("name"):
            errors.append(f"{where}: needs a slug and a name.")
            continue
        slugs.add(record["slug"])
    known = slugs | set(Quantity.objects.values_list("slug", flat=True))
    refs = set()
    for index, record in enumerate(data.get("figures", [])):
        where = f"figures[{index}]"
        if not isinstance(record, dict) or not record.get("ref"):
            errors.append(f"{where}: needs a ref.")
            continue
        where += f" (ref '{record['ref']}')"
        if record["ref"] in refs:
            errors.append(f"{where}: the ref repeats an earlier figure.")
        refs.add(record["ref"])
        if record.get("quantity") not in known:
            errors.append(f"{where}: no quantity '{record.get('quantity')}'.")
        for name in FIGURE_FIELDS:
            try:
                _clean(Figure, name, record.get(name))
            except ValidationError as invalid:
                errors.append(f"{where}: field '{name}': {' '.join(invalid.messages)}")
        problems = services.figure_problems(
            {
                "value": record.get("value"),
                "low": record.get("low"),
                "high": record.get("high"),
                "reported_by": record.get("reported_by"),
                "reporting_outlet": record.get("reporting_outlet"),
                "source": Source(outlet_id=0) if record.get("source") else None,
            }
        )
        errors += [f"{where}: field '{field}': {message}" for field, message in problems.items()]
        if not isinstance(record.get("claims", []), list):
            errors.append(f"{where}: field 'claims' must be a list of claim refs.")
    if errors:
        raise SeedError(
            "The figures file has errors; nothing was written:\n  " + "\n  ".join(errors)
        )


@service
def load_figures(data: dict) -> list[str]:
    """Write a validated figures file; returns the report's lines."""
    lines, created, updated = [], {"quantities": 0, "figures": 0}, {"quantities": 0, "figures": 0}
    events = {e.slug: e for e in Event.objects.all()}
    quantities = {q.slug: q for q in Quantity.objects.all()}
    for record in data.get("quantities", []):
        values = {name: _clean(Quantity, name, record.get(name)) for name in QUANTITY_FIELDS}
        values["event"] = events.get(record.get("event"))
        if record.get("event") and values["event"] is None:
            lines.append(
                f"Quantity '{record['slug']}': no event '{record['event']}'; left without one."
            )
        quantity = quantities.get(record["slug"])
        if quantity is None:
            quantities[record["slug"]] = services.save_quantity(
                instance=None, by=None, slug=record["slug"], **values
            )
            created["quantities"] += 1
            continue
        changed = {k: v for k, v in values.items() if getattr(quantity, k) != v}
        if changed:
            services.save_quantity(instance=quantity, by=None, **changed)
            updated["quantities"] += 1
    claimants = {c.slug: c for c in Claimant.objects.all()}
    outlets = {o.slug: o for o in Outlet.objects.all()}
    sources = {s.ref: s for s in Source.objects.exclude(ref=None).select_related("outlet")}
    claims = {c.ref: c for c in Claim.objects.exclude(ref=None).only("pk", "ref")}
    existing = {f.ref: f for f in Figure.objects.exclude(ref=None)}
    for record in data.get("figures", []):
        ref = record["ref"]
        values = {
            name: _clean(Figure, name, record[name]) for name in FIGURE_FIELDS if name in record
        }
        values["quantity"] = quantities[record["quantity"]]
        missing = []
        for name, known, key in (
            ("reported_by", claimants, record.get("reported_by")),
            ("reporting_outlet", outlets, record.get("reporting_outlet")),
            ("source", sources, record.get("source")),
        ):
            values[name] = known.get(key) if key else None
            if key and values[name] is None:
                missing.append(f"no {name.replace('_', ' ')} '{key}'")
        linked = [claims[r] for r in record.get("claims", []) if r in claims]
        missing += [f"no claim '{r}'" for r in record.get("claims", []) if r not in claims]
        if services.figure_problems(values):
            lines.append(f"Figure '{ref}' skipped: {', '.join(missing)}.")
            continue
        if missing:
            lines.append(f"Figure '{ref}': {', '.join(missing)}; loaded without it.")
        figure = existing.get(ref)
        if figure is None:
            services.save_figure(instance=None, by=None, ref=ref, claims=linked, **values)
            created["figures"] += 1
            continue
        changed = {k: v for k, v in values.items() if getattr(figure, k) != v}
        present = set(figure.claims.values_list("pk", flat=True))
        wanted = present | {c.pk for c in linked}
        if changed or wanted != present:
            services.save_figure(
                instance=figure,
                by=None,
                claims=Claim.objects.filter(pk__in=wanted) if wanted != present else None,
                **changed,
            )
            updated["figures"] += 1
    counts = [f"created {n} {name}" for name, n in created.items() if n]
    counts += [f"updated {n} {name}" for name, n in updated.items() if n]
    summary = (
        "Figures loaded: " + ", ".join(counts) + "."
        if counts
        else "Nothing to change: the figures are already loaded."
    )
    return [summary, *lines]


def load_default_figures() -> list[str]:
    """The default case's figures (run by ``load_seeds`` after the case file)."""
    return load_figures(read_figures(DEFAULT_FIGURES))
