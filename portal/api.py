"""Read-only Wagtail API v2: public pages, public documents, public images, and public resources."""

from django.db.models import Q

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Collection

from cms.models import Resource


class ResourcesAPIViewSet(BaseAPIViewSet):
    """Managers' resources open to everyone; members-only items never appear here."""

    model = Resource
    body_fields = BaseAPIViewSet.body_fields + ["title", "summary", "resource_type", "provider", "link_url"]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + ["title", "resource_type", "provider"]
    name = "resources"

    def get_queryset(self):
        return Resource.objects.live().filter(members_only=False).order_by("title")


class PublicDocumentsAPIViewSet(DocumentsAPIViewSet):
    """Documents in collections nobody has restricted, whoever asks.

    Wagtail's own endpoint lists the restricted collections a signed-in visitor may open, so a staff
    session would list managers-only documents; the API is the public, read-only face of the site.
    """

    def get_queryset(self):
        restricted = Q()
        for path in Collection.objects.filter(view_restrictions__isnull=False).values_list("path", flat=True):
            restricted |= Q(collection__path__startswith=path)
        queryset = self.model.objects.all().order_by("id")
        return queryset.exclude(restricted) if restricted else queryset


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
api_router.register_endpoint("resources", ResourcesAPIViewSet)
