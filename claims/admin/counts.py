"""A changelist paginator that counts up to a cap: at a million claims an exact COUNT of
the whole list (or of a common word's matches) costs more than the page itself."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CAP = 2_000


class CappedCountPaginator(Paginator):
    """Counts at most COUNT_CAP rows (plus one, to know there are more); past that the
    list offers the first COUNT_CAP rows' pages and filters or search narrow it."""

    @cached_property
    def count(self):
        return min(self.object_list[: COUNT_CAP + 1].count(), COUNT_CAP)


def capped_count(queryset) -> str:
    """How many rows, as a label: exact up to COUNT_CAP, "2,000+" past it."""
    found = queryset[: COUNT_CAP + 1].count()
    return f"{COUNT_CAP:,}+" if found > COUNT_CAP else f"{found:,}"
