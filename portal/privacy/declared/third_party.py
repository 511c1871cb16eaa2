"""Declarations of the other third-party apps' models: django-tasks' results (when its database backend
is installed) and taggit's tags. (Imported by portal.privacy.load().)"""

from __future__ import annotations

from portal.privacy.declared import ADMIN_NAME, exempt_if_installed
from portal.privacy.registry import PersonalData, installed_model, register


class TaskResultData(PersonalData):
    """Background task results (django-tasks' database backend). Tasks are given row ids only
    (an email's, a plan's), so no result is anyone's; a failure's traceback could quote an
    address, which erasure takes out."""

    model = installed_model("django_tasks_database.DBTaskResult")
    mention_fields = ("traceback",)
    created_field = "enqueued_at"
    in_admin_history = False

    def rows(self, subject):
        return self.model.objects.none()


if TaskResultData.model is not None:
    register(TaskResultData)

exempt_if_installed(
    {
        "taggit.Tag": ("A tag editors give content.", ADMIN_NAME),
        "taggit.TaggedItem": ("Which content has which tag (ids only).", {}),
    }
)
