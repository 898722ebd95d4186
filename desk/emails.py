"""Notifications by email, sent by the background queue (core/background.py) through
Django's email backend (``EMAIL_URL``). A user chooses an email per notification (the
default), one digest a day, or none (DeskSettings); the admin shows every notification
whatever they chose."""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.background import TryAgain, background_task
from desk.models import DeskSettings, EmailChoice, Notification

logger = logging.getLogger(__name__)
DIGEST_EVERY = timedelta(days=1)


def _absolute(link: str) -> str:
    return settings.FACTCHECK_SITE_URL.rstrip("/") + link if link else ""


def _send(to: str, subject: str, body: str) -> None:
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    except (OSError, smtplib.SMTPException) as error:
        raise TryAgain(str(error)) from error


@background_task(queue_name="email")
def send_notification_email(notification_id: int, *, attempt: int = 1) -> str:
    """Email one notification to its recipient, once."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .select_related("recipient")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None:
            return "already sent"
        address = notification.recipient.email
        if not address:
            return "no address"
        _send(
            address,
            f"[Fact-check desk] {notification.message[:120]}",
            f"{notification.message}\n\n{_absolute(notification.link)}\n\n"
            "You can choose one email a day, or none, under My work in the admin.\n",
        )
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return "sent"


def send_digests(*, now=None) -> int:
    """Send each user who chose the daily digest, and whose last one is a day old, one
    email with what they have not been emailed; returns how many were sent. Safe on
    several workers at once (the settings rows are claimed with SKIP LOCKED)."""
    now = now or timezone.now()
    due = DeskSettings.objects.filter(email=EmailChoice.DIGEST).filter(
        Q(last_digest_at__isnull=True) | Q(last_digest_at__lte=now - DIGEST_EVERY)
    )
    sent = 0
    for user_id in list(due.values_list("user_id", flat=True)):
        with transaction.atomic():
            row = (
                DeskSettings.objects.select_for_update(skip_locked=True)
                .select_related("user")
                .filter(pk=user_id)
                .first()
            )
            if row is None:
                continue
            waiting = list(
                Notification.objects.filter(recipient_id=user_id, emailed_at__isnull=True).order_by(
                    "created_at", "id"
                )
            )
            if waiting and row.user.email:
                lines = [f"- {n.message}\n  {_absolute(n.link)}" for n in waiting]
                try:
                    _send(
                        row.user.email,
                        f"[Fact-check desk] Your day: {len(waiting)} notification"
                        + ("s" if len(waiting) != 1 else ""),
                        "\n".join(lines) + "\n",
                    )
                except TryAgain:
                    logger.warning("Digest to user %s not sent; tried again later.", user_id)
                    continue
                Notification.objects.filter(pk__in=[n.pk for n in waiting]).update(emailed_at=now)
                sent += 1
            DeskSettings.objects.filter(pk=user_id).update(last_digest_at=now)
    return sent
