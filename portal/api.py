"""Read-only Wagtail API v2: public pages, public documents, public images, and public resources."""

from django.db.models import Q

from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Collection

from cms.models import Resource
from portal.forms import is_whole_number

#: The largest ?offset= the API takes: beyond it the database cannot hold the number (SQLite's and
#: PostgreSQL's 64-bit integers), which answered 500; no listing of this site comes near it.
MAX_OFFSET = 2**31 - 1


class BoundedPagination(WagtailPagination):
    """Wagtail's limit/offset pagination, with an offset too large for the database answered 400."""

    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "0")
        if is_whole_number(offset) and int(offset) > MAX_OFFSET:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
        return super().paginate_queryset(queryset, request, view)


class FindByWholeNumberMixin:
    """``find/?id=`` takes a whole number only: Wagtail looks the id up as given, so "1.5" or "²" was a
    ValueError (a 500) rather than a 400."""

    def find_object(self, queryset, request):
        given = request.GET.get("id")
        if given is not None and not is_whole_number(given):
            raise BadRequestError("id must be a whole number")
        return super().find_object(queryset, request)


class PublicPagesAPIViewSet(FindByWholeNumberMixin, PagesAPIViewSet):
    pagination_class = BoundedPagination


class PublicImagesAPIViewSet(FindByWholeNumberMixin, ImagesAPIViewSet):
    pagination_class = BoundedPagination


class ResourcesAPIViewSet(FindByWholeNumberMixin, BaseAPIViewSet):
    """Managers' resources open to everyone; members-only items never appear here."""

    model = Resource
    pagination_class = BoundedPagination
    body_fields = BaseAPIViewSet.body_fields + ["title", "summary", "resource_type", "provider", "link_url"]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + ["title", "resource_type", "provider"]
    name = "resources"

    def get_queryset(self):
        return Resource.objects.live().filter(members_only=False).order_by("title")


class PublicDocumentsAPIViewSet(FindByWholeNumberMixin, DocumentsAPIViewSet):
    """Documents in collections nobody has restricted, whoever asks.

    Wagtail's own endpoint lists the restricted collections a signed-in visitor may open, so a staff
    session would list managers-only documents; the API is the public, read-only face of the site.
    """

    pagination_class = BoundedPagination

    def get_queryset(self):
        restricted = Q()
        for path in Collection.objects.filter(view_restrictions__isnull=False).values_list("path", flat=True):
            restricted |= Q(collection__path__startswith=path)
        queryset = self.model.objects.all().order_by("id")
        return queryset.exclude(restricted) if restricted else queryset


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
api_router.register_endpoint("resources", ResourcesAPIViewSet)
