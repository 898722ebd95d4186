from django.conf import settings

from core.audited_command import AuditedCommand
from intake.services import erase_old_contacts


class Command(AuditedCommand):
    help = "Erase the contact details of tips older than TIP_CONTACT_RETENTION_DAYS."

    def handle(self, *args, **options):
        erased = erase_old_contacts(by=None)
        self.stdout.write(
            f"Erased the contact details of {erased} tips older than "
            f"{settings.TIP_CONTACT_RETENTION_DAYS} days."
        )
