"""Evidence assessment: how strong the evidence for and against a claim really is."""

from django.db import models


class EvidenceStatus(models.TextChoices):
    NOT_CHECKABLE = "not_checkable", "Not checkable"
    UNVERIFIED = "unverified", "Unverified"
    UNSUBSTANTIATED = "unsubstantiated", "Unsubstantiated"
    SINGLE_ORIGIN = "single_origin", "Single origin"
    CORROBORATED = "corroborated", "Corroborated"
    CONTRADICTED = "contradicted", "Contradicted"
    CONTESTED = "contested", "Contested"
