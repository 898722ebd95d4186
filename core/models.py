"""What every editable record shares: its bookkeeping and the question of who may see it.

``Record`` carries ``version``, ``created_at`` and ``updated_at`` and the database trigger
that bumps the version and stamps ``updated_at`` on every UPDATE that changes the row,
whatever path the write takes (pgtrigger carries ``Meta.triggers`` of an abstract model to
every model whose ``Meta`` inherits it). ``VisibleQuerySet`` answers "what may this user
see" once: the newsroom's roles (the ``claims.view_unpublished`` permission, held by
fact-checkers and editors) see everything, everyone else, the staff flag alone included,
what the family's ``public()`` returns.
``tracked`` and ``tracked_links`` put a record, or a many-to-many link between records,
in the audit trail (django-pghistory's database triggers).
"""

import pghistory
from django.db import models
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _

from core.versioning import version_trigger

# The permission that opens unpublished work, named here so that every app's visibility
# asks the same question (claims/migrations/0019 gives it to the newsroom's roles).
VIEW_UNPUBLISHED_PERMISSION = "claims.view_unpublished"


def sees_unpublished(user) -> bool:
    """Whether ``user`` may see drafts and unpublished records: a role's permission, never
    the staff flag (which only lets someone sign in to the admin)."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.pk is not None  # a user not saved holds no permission
        and user.is_active
        and user.has_perm(VIEW_UNPUBLISHED_PERMISSION)
    )


class VisibleQuerySet(models.QuerySet):
    def public(self):
        raise NotImplementedError(f"{type(self).__name__} must say what is public.")

    def visible_to(self, user):
        return self if sees_unpublished(user) else self.public()


class Record(models.Model):
    version = models.PositiveIntegerField(default=1, editable=False, verbose_name=_("version"))
    created_at = models.DateTimeField(
        default=timezone.now, editable=False, verbose_name=_("created at")
    )
    updated_at = models.DateTimeField(
        default=timezone.now, editable=False, verbose_name=_("updated at")
    )

    class Meta:
        abstract = True
        triggers = [version_trigger()]

    def _get_FIELD_display(self, field):
        """``get_<field>_display()``: the label of the field's value, translating that
        label alone. Django's own hashes every choice to find it, which translates each
        choice's label on every call (hundreds of translations on a page of claims)."""
        value = getattr(self, field.attname)
        for key, label in field.flatchoices:
            if key == value:
                return force_str(label, strings_only=True)
        return force_str(value, strings_only=True)


def tracked(model_name: str, **options):
    """Record every insert, update and delete of the decorated model as ``model_name``."""
    return pghistory.track(
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        model_name=model_name,
        **options,
    )


def tracked_links(field: str, model_name: str):
    """Record every link added to or removed from the many-to-many ``field``; decorates a
    proxy of the field's through model."""
    return pghistory.track(
        pghistory.InsertEvent(f"{field}.add"),
        pghistory.DeleteEvent(f"{field}.remove"),
        obj_field=None,
        model_name=model_name,
    )


class TaskLease(models.Model):
    """Which worker runs a background task, renewed while it runs (``core.background``):
    a running task whose lease is older than ``WORKER_LEASE_SECONDS`` lost its worker."""

    result = models.OneToOneField(
        "django_tasks_database.DBTaskResult",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="lease",
    )
    worker_id = models.CharField(max_length=64)
    renewed_at = models.DateTimeField()
    takeovers = models.PositiveSmallIntegerField(
        default=0, help_text="How many times the task was taken up again after its worker stopped."
    )

    def __str__(self):
        return f"{self.worker_id} since {self.renewed_at:%Y-%m-%d %H:%M:%S}"
