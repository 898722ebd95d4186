"""How the HTML lists sort (the keyset paging itself is core.keyset's).

A list is sorted by one non-null key and the id. Nullable dates sort through
``Coalesce`` with a sentinel, so "nulls last" is plain order on an expression that the
matching index (claims.models.Claim.Meta.indexes) covers.
"""

from django.db import models

from claims.models import checked_key, stated_key
from core.keyset import Order

ORDERS = {
    "newest": Order("newest", stated_key(newest=True), models.DateField(), True),
    "oldest": Order("oldest", stated_key(newest=False), models.DateField(), False),
    "checked": Order("checked", checked_key(), models.DateTimeField(), True),
    "updated": Order("updated", models.F("updated_at"), models.DateTimeField(), True),
    "relevance": Order("relevance", models.F("search_rank"), None, True),
    "newest_link": Order("newest_link", models.F("id"), models.BigIntegerField(), True),
}
