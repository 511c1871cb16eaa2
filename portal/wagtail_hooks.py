"""Admin hooks of the portal itself: the personal data pages (export and erasure on request) under
Settings, shown only to those allowed to use them, and their permission in the group editor."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .privacy import can_manage_personal_data
from .privacy_views import EraseView, ExportView


@hooks.register("register_admin_urls")
def register_privacy_urls():
    return [
        path("personal-data/", ExportView.as_view(), name="portal_privacy_export"),
        path("personal-data/erase/", EraseView.as_view(), name="portal_privacy_erase"),
    ]


class PersonalDataMenuItem(MenuItem):
    def is_shown(self, request):
        return can_manage_personal_data(request.user)


@hooks.register("register_settings_menu_item")
def register_privacy_menu_item():
    return PersonalDataMenuItem(
        "Personal data", reverse("portal_privacy_export"), icon_name="lock", order=900, name="personal-data"
    )


@hooks.register("register_permissions")
def register_privacy_permission():
    return Permission.objects.filter(content_type__app_label="portal", codename="manage_personal_data")
