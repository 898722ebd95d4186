"""The desk statistics' counts, kept by the database (reports/counting.py)."""

from django.db import models


class DeskCount(models.Model):
    """How many things of one kind happened on one day (UTC), per event (0: none; -1: all
    events, the desk's total, so that a report for the whole desk reads few rows): claims
    created, first published (by rating, evidence status and claimant), retracted;
    verdicts published and corrections; verdicts drafted and published per person; claims
    sent to review and taken out of it per person; tips received by what became of them.
    Triggers on the claims, verdicts and tips tables keep the counts in the transaction
    of every write, whatever its path, so a quarter's statistics read a few thousand rows
    however many claims there are."""

    day = models.DateField()
    event_id = models.BigIntegerField(default=0)
    dimension = models.CharField(max_length=20)
    key = models.CharField(max_length=40, blank=True)
    count = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "event_id", "day", "key"], name="desk_count_unique"
            ),
        ]

    def __str__(self):
        return f"{self.day} {self.dimension} {self.key}: {self.count}"
