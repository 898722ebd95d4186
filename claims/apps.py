from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = _("Claims and verdicts")

    def ready(self):
        from claims import receivers  # noqa: F401  (connects the assessment receivers)
        from claims.models import Claim, Verdict
        from core.audit import read_as

        # A claim's trail holds its evidence, appearances and verdicts; a verdict's label
        # names its claim.
        read_as(Claim, owns_parts_by="claim_id")
        read_as(Verdict, label_with=("claim",))
