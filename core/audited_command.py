"""Management commands that sign their changes in the audit trail.

A command runs outside any request, so the history middleware cannot say who made its
changes. An AuditedCommand opens a pghistory context named after itself, so every row it
writes (through the ORM, bulk operations or raw SQL) carries ``command`` in its event's
context; a command acting for a person adds ``user`` with ``act_as``.
"""

import pghistory
from django.core.management.base import BaseCommand


class AuditedCommand(BaseCommand):
    @property
    def command_name(self) -> str:
        return self.__module__.rsplit(".", 1)[-1]

    def execute(self, *args, **options):
        with pghistory.context(command=self.command_name):
            return super().execute(*args, **options)

    def act_as(self, user) -> None:
        """Record ``user`` as the person behind the changes that follow."""
        pghistory.context(user=user.pk)
