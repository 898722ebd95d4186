import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
# Web requests get the short statement timeout (settings.STATEMENT_TIMEOUT).
os.environ.setdefault("FACTCHECK_WEB_PROCESS", "1")

application = get_asgi_application()
