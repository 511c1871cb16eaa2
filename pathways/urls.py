"""Signed-in pages: the saved plan and the updating log. Include at "my-plan/" in portal/urls.py.

The finder itself is a Wagtail page (PathwayFinderPage) at /pathway-finder/ with its own routes.
"""

from django.urls import path

from . import views

app_name = "pathways"

urlpatterns = [
    path("", views.my_plan, name="my_plan"),
    path("steps/<int:step_id>/", views.my_plan_tick, name="tick"),
    path("change/", views.my_plan_change, name="change"),
    path("print/", views.my_plan_print, name="print"),
    path("email/", views.my_plan_email, name="email"),
    path("delete/", views.my_plan_delete, name="delete"),
    path("log/", views.log_view, name="log"),
    path("log/settings/", views.log_settings, name="log_settings"),
    path("log/activities/add/", views.activity_add, name="activity_add"),
    path("log/activities/<int:activity_id>/edit/", views.activity_edit, name="activity_edit"),
    path("log/activities/<int:activity_id>/delete/", views.activity_delete, name="activity_delete"),
    path("log/export.csv", views.log_csv, name="log_csv"),
    path("log/summary/", views.log_summary_view, name="log_summary"),
]
