import socket
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from claims.roles import EDITORS, FACT_CHECKERS

DEMO_USERS = [
    ("factchecker", "factchecker-demo", FACT_CHECKERS),
    ("editor", "editor-demo", EDITORS),
]
# How long --wait-for waits for the server before printing the logins anyway.
WAIT_SECONDS = 120


class Command(BaseCommand):
    help = "Create demo logins for a fact-checker and an editor (development only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--wait-for",
            metavar="HOST:PORT",
            help="Create the logins now, and print them once a server answers there, so "
            "that they are the last thing `make run` says.",
        )

    def handle(self, *args, wait_for=None, **options):
        if not settings.DEBUG:
            raise CommandError("Demo logins are only created when DEBUG is on.")
        User = get_user_model()
        for username, password, group_name in DEMO_USERS:
            user, _ = User.objects.get_or_create(username=username, defaults={"is_staff": True})
            user.is_staff = True
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get(name=group_name)])
        site = "http://127.0.0.1:8000/"
        if wait_for:
            host, _, port = wait_for.rpartition(":")
            self.wait(host, int(port))
            site = f"http://{wait_for}/"
        self.stdout.write("\nDemo logins (development only):")
        for username, password, group_name in DEMO_USERS:
            self.stdout.write(f"  {group_name[:-1]:<13} {username} / {password}")
        self.stdout.write(f"Admin: {site}admin/   Site: {site}   API: {site}api/v1/")

    @staticmethod
    def wait(host: str, port: int) -> None:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            try:
                socket.create_connection((host, port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.25)
