from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from claims.roles import EDITORS, FACT_CHECKERS

DEMO_USERS = [
    ("factchecker", "factchecker-demo", FACT_CHECKERS),
    ("editor", "editor-demo", EDITORS),
]


class Command(BaseCommand):
    help = "Create demo logins for a fact-checker and an editor (development only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo logins are only created when DEBUG is on.")
        User = get_user_model()
        self.stdout.write("Demo logins (development only):")
        for username, password, group_name in DEMO_USERS:
            user, _ = User.objects.get_or_create(username=username, defaults={"is_staff": True})
            user.is_staff = True
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get(name=group_name)])
            self.stdout.write(f"  {group_name[:-1]:<13} {username} / {password}")
        self.stdout.write("Admin: http://127.0.0.1:8000/admin/")
