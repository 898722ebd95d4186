from django.conf import settings


def publisher(request):
    """The newsroom's name, shown on every page and on embedded cards."""
    return {"publisher_name": settings.FACTCHECK_PUBLISHER_NAME}
