"""Read-only Wagtail API v2: public pages, public documents, public images, and public resources."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from cms.models import Resource


class ResourcesAPIViewSet(BaseAPIViewSet):
    """Managers' resources open to everyone; members-only items never appear here."""

    model = Resource
    body_fields = BaseAPIViewSet.body_fields + ["title", "summary", "resource_type", "provider", "link_url"]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + ["title", "resource_type", "provider"]
    name = "resources"

    def get_queryset(self):
        return Resource.objects.live().filter(members_only=False).order_by("title")


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
api_router.register_endpoint("resources", ResourcesAPIViewSet)
