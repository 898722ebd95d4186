from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SourcesConfig(AppConfig):
    name = "sources"
    verbose_name = _("Sources and outlets")

    def ready(self):
        from core.audit import read_as
        from core.background import register_periodic
        from sources import tasks
        from sources.models import Source

        # "evidence from “<source>”"; a source's label names its outlet.
        read_as(Source, label_with=("outlet",), names_parts_by="source_id")

        register_periodic(
            "link-check", every=tasks.LINK_CHECK_SWEEP, func=tasks.enqueue_due_link_checks
        )
