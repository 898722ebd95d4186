"""What figures do when claims change: keep the queue “figures changed since the verdict”
up to date for the claims a service call touched (a verdict published, corrected or
withdrawn, a figure revised, a claim linked to a figure). Reassessments alone leave it."""

from django.dispatch import receiver

from claims.signals import Happened, claim_changed
from figures.models import refresh_changed_since_verdict


@receiver(claim_changed)
def refresh_the_figures_queue(sender, changes: dict, **kwargs):
    touched = [pk for pk, whats in changes.items() if whats - {Happened.REASSESSED}]
    refresh_changed_since_verdict(touched)
