"""Site search: every public page type and the resources the reader may see."""

from django.shortcuts import render

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from .filters import MAX_QUERY_LENGTH, clean_search_query
from .models import Resource, paginate
from .registry import search_page_types

PER_PAGE = 10


def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    terms = clean_search_query(query)
    types = search_page_types()
    chosen_type = request.GET.get("type", "")
    if chosen_type not in types and chosen_type != "resource":
        chosen_type = ""

    results = None
    resource_results = []
    total = 0
    if terms:
        if chosen_type != "resource":
            pages = Page.objects.live().public().exclude(depth__lte=1)
            if chosen_type:
                pages = pages.type(*types[chosen_type].models)
            page_matches = pages.search(terms, operator="and")
            results = paginate(request, page_matches, PER_PAGE)
            total = results.paginator.count
        if chosen_type in ("", "resource"):
            limit = None if chosen_type == "resource" else 5
            matches = get_search_backend().search(
                terms,
                Resource.objects.visible_to(request.user).select_related("link_page", "link_document"),
                operator="and",
            )
            resource_results = list(matches[:limit] if limit else matches[:50])
            if chosen_type == "resource":
                total = len(resource_results)

    return render(
        request,
        "cms/search.html",
        {
            "query": query,
            "results": results,
            "resource_results": resource_results,
            "total": total,
            "types": [(key, page_type.label) for key, page_type in types.items()]
            + [("resource", "Managers' resources")],
            "chosen_type": chosen_type,
        },
    )
