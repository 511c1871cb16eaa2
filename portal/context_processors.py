from django.conf import settings


def site_chrome(request):
    """Values every public template needs for the header and footer."""
    return {"SITE_NAME": settings.WAGTAIL_SITE_NAME}
