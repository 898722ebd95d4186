"""What every editable record shares: its bookkeeping and the question of who may see it.

``Record`` carries ``version``, ``created_at`` and ``updated_at`` and the database trigger
that bumps the version and stamps ``updated_at`` on every UPDATE that changes the row,
whatever path the write takes (pgtrigger carries ``Meta.triggers`` of an abstract model to
every model whose ``Meta`` inherits it). ``VisibleQuerySet`` answers "what may this user
see" once: staff see everything, everyone else what the family's ``public()`` returns.
"""

from django.db import models
from django.utils import timezone

from factcheck.versioning import version_trigger


class VisibleQuerySet(models.QuerySet):
    def public(self):
        raise NotImplementedError(f"{type(self).__name__} must say what is public.")

    def visible_to(self, user):
        return self if user is not None and user.is_staff else self.public()


class Record(models.Model):
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        abstract = True
        triggers = [version_trigger()]
