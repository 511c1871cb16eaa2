"""The project's URLs with the pathways app included at /my-plan/, for tests run before (or after) the
lead wires ``path("my-plan/", include("pathways.urls"))`` into portal/urls.py."""

from django.urls import include, path

from portal.urls import urlpatterns as portal_urlpatterns

already_included = any(getattr(pattern, "namespace", None) == "pathways" for pattern in portal_urlpatterns)

urlpatterns = ([] if already_included else [path("my-plan/", include("pathways.urls"))]) + portal_urlpatterns
