"""A claim's workflow states and kinds (shared by the claim and the claimants' and events'
querysets, which claim.py builds on)."""

from django.db import models


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    RESEARCHING = "researching", "Researching"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    RETRACTED = "retracted", "Fact-check withdrawn"


PUBLISHED = models.Q(status=ClaimStatus.PUBLISHED)


class ClaimKind(models.TextChoices):
    NUMERIC = "numeric", "Numeric"
    ATTRIBUTION = "attribution", "Attribution"
    EVENT = "event", "Event"
    QUOTE = "quote", "Quote"
    PREDICTION = "prediction", "Prediction or intent"


class DatePrecision(models.TextChoices):
    """How precisely a date is known: a source that says "last week" gives no day."""

    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"
    APPROXIMATE = "approximate", "Approximate"


# The search document is derived from the text and summary the history already holds.
