"""Synthetic quantities and figures at scale, beside the demo claims (claims/demo_data.py):
about one figure per five claims, each asserted by one demo claim, spread over a hundredth
as many quantities, each quantity counted by a few reporters whose figures revise each
other as the revision rule says (worked out here, before the rows go in with COPY, like
the claims' assessment). The audit triggers are skipped for these rows, as for the claims.
"""

import datetime
import random
from collections import defaultdict

import pgtrigger
from django.db import connection, transaction

from claims.demo_data import _copy_records, _reserve
from claims.models import Claim, Claimant, Event
from figures.models import Figure, Quantity, Standing
from sources.models import Source

CLAIMS_PER_FIGURE = 5
FIGURES_PER_QUANTITY = 20
REPORTERS_PER_QUANTITY = 4
RANGE_EVERY = 10  # one figure in ten is a range
QUALIFIERS = ["", "", "", "about", "more_than", "at_least"]


def generate_figures(*, seed: int = 1) -> int:
    """Add figures for the demo claims of ``seed`` (none when they have figures already);
    returns how many were made."""
    tag = f"demo-{seed}"
    claimants = list(
        Claimant.objects.filter(slug__startswith=f"{tag}-").values_list("pk", flat=True)
    )
    if not claimants:
        return 0
    quantity_tag = f"{tag}-quantity-"
    if Quantity.objects.filter(slug__startswith=quantity_tag).exists():
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT min(id), max(id), count(*) FROM claims_claim WHERE claimant_id = ANY(%s)",
            [claimants],
        )
        first, last, total = cursor.fetchone()
    count = total // CLAIMS_PER_FIGURE
    if not count:
        return 0
    rng = random.Random(seed * 7919)
    events = list(Event.objects.filter(slug__startswith=f"{tag}-").values_list("pk", flat=True))
    sources = list(
        Source.objects.filter(outlet__slug__startswith=f"{tag}-")
        .order_by()
        .values_list("pk", flat=True)[:50_000]
    )
    quantity_count = max(1, count // FIGURES_PER_QUANTITY)
    start = datetime.date(2018, 1, 1)
    with transaction.atomic(), pgtrigger.ignore():
        quantity_ids = _reserve(Quantity, quantity_count)
        _copy_records(
            Quantity,
            [
                {
                    "id": pk,
                    "name": f"Demo count {n}",
                    "slug": f"{quantity_tag}{n}",
                    "unit": "people",
                    "event_id": rng.choice(events) if events else None,
                }
                for n, pk in enumerate(quantity_ids)
            ],
        )
        reporters = {
            q: rng.sample(claimants, k=min(REPORTERS_PER_QUANTITY, len(claimants)))
            for q in quantity_ids
        }
        base = {q: rng.randint(50, 50_000) for q in quantity_ids}
        figure_ids = _reserve(Figure, count)
        rows = []
        for n, pk in enumerate(figure_ids):
            quantity = rng.choice(quantity_ids)
            middle = base[quantity] * rng.uniform(0.6, 1.4)
            row = {
                "id": pk,
                "quantity_id": quantity,
                "approximate": rng.choice(QUALIFIERS),
                "as_of": start + datetime.timedelta(days=rng.randrange(365 * 8)),
                "as_of_precision": "day",
                "reported_by_id": rng.choice(reporters[quantity]),
                "source_id": rng.choice(sources) if sources else None,
                "standing": Standing.CURRENT,
            }
            if n % RANGE_EVERY == 0:
                row.update(low=round(middle * 0.9), high=round(middle * 1.1), value=None)
            else:
                row["value"] = round(middle)
            rows.append(row)
        _apply_revision_rule(rows)
        _copy_records(Figure, rows)
        links = [(figure_id, rng.randint(first, last)) for figure_id in figure_ids]
        _copy_links(links)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE figures_figure, figures_quantity, figures_figure_claims")
    return count


def _apply_revision_rule(rows) -> None:
    """Each reporter's figures for a quantity: the latest current, the others revised by
    the next (as figures/rules.py says, on plain rows)."""
    chains = defaultdict(list)
    for row in rows:
        chains[row["quantity_id"], row["reported_by_id"]].append(row)
    for chain in chains.values():
        chain.sort(key=lambda r: (r["as_of"], r["id"]))
        for earlier, later in zip(chain, chain[1:], strict=False):
            earlier.update(
                standing=Standing.REVISED, revised_by_id=later["id"], revised_on=later["as_of"]
            )


def _copy_links(links) -> None:
    """Each figure asserted by one claim (ids drawn from the demo claims' range; every id
    in it is a demo claim, as the claims' ids are reserved in one run)."""
    through = Figure.claims.through
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        with cursor.cursor.copy(
            f"COPY {through._meta.db_table} (figure_id, claim_id) FROM STDIN"
        ) as copy:
            for row in links:
                copy.write_row(row)


def demo_claim_with_figures():
    """A published demo claim asserting a figure (for the benchmark's claim page)."""
    return Claim.objects.published().filter(figures__isnull=False).order_by("-pk").first()
