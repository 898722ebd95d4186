"""The overview's counts, kept by the database (claims/overview.py)."""

from django.db import models


class OverviewCount(models.Model):
    """The overview's aggregates, one row per (dimension, key): published claims by
    verdict, by evidence status, by month of publication and, per claimant, those rated
    false or mostly false or contradicted; claims by workflow status and the staff queues'
    sizes. A statement-level trigger on the claims table (claims/overview.py) keeps the
    counts in the transaction of every write to claims, whatever its path, so publishing,
    correcting, retracting and reassessing move them at once and the overview reads a few
    dozen rows however many claims there are."""

    dimension = models.CharField(max_length=20)
    key = models.CharField(max_length=40)
    count = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dimension", "key"], name="overview_count_unique"),
        ]
        indexes = [models.Index(fields=["dimension", "count"], name="overview_count_rank_idx")]

    def __str__(self):
        return f"{self.dimension} {self.key}: {self.count}"
