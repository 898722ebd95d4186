from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from claims.roles import EDITORS, FACT_CHECKERS

ROLES = {"fact-checker": FACT_CHECKERS, "editor": EDITORS}


class Command(BaseCommand):
    help = (
        "Give an existing user a newsroom role: fact-checker or editor. The user becomes "
        "staff (so they can sign in to the admin) and joins the role's group."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", choices=sorted(ROLES))

    def handle(self, *args, username, role, **options):
        User = get_user_model()
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(
                f"No user “{username}”: create it first with manage.py createsuperuser "
                "or in the admin (Users → Add)."
            ) from None
        group = Group.objects.get(name=ROLES[role])
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        user.groups.add(group)
        self.stdout.write(f"{username} is now in {group.name} and may sign in at /admin/.")
