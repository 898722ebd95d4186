"""A claim's workflow states and kinds (shared by the claim and the claimants' and events'
querysets, which claim.py builds on)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    RESEARCHING = "researching", _("Researching")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    RETRACTED = "retracted", _("Fact-check withdrawn")


PUBLISHED = models.Q(status=ClaimStatus.PUBLISHED)


class ClaimKind(models.TextChoices):
    NUMERIC = "numeric", _("Numeric")
    ATTRIBUTION = "attribution", _("Attribution")
    EVENT = "event", _("Event")
    QUOTE = "quote", _("Quote")
    PREDICTION = "prediction", _("Prediction or intent")


class DatePrecision(models.TextChoices):
    """How precisely a date is known: a source that says "last week" gives no day."""

    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")
    APPROXIMATE = "approximate", _("Approximate")


# The search document is derived from the text and summary the history already holds.
