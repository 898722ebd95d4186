import threading

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        _cheaper_country_translation_state()


def _cheaper_country_translation_state() -> None:
    """Once django-countries has named a country that had another name, it leaves a
    translator in the fallback chain of the active catalogue that reads an asgiref
    ``Local`` on every string the catalogue lacks, and an English page lacks nearly all of
    them (a sixth of the claims list's time went there). Requests run in threads here
    (gunicorn's gthread workers, the test server), for which a thread-local keeps the
    same meaning at a fraction of the cost."""
    import django_countries

    django_countries._translation_state = threading.local()
