"""Background work for content: scheduled publishing runs here, on the task worker, not in a request."""

import io

from django.core.management import call_command

from django_tasks import task


@task()
def publish_scheduled_pages() -> str:
    """Publish pages and snippets whose 'go live' time has come, and unpublish expired ones.

    Wagtail's `publish_scheduled` command holds the logic; the task lets the worker run it.
    """
    out = io.StringIO()
    call_command("publish_scheduled", stdout=out)
    return out.getvalue()
