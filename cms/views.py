"""Site search: every public page type and the resources the reader may see."""

from django.shortcuts import render

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from .filters import MAX_QUERY_LENGTH, clean_search_query
from .models import Resource, paginate
from .registry import search_page_types
from .suggest import suggest

PER_PAGE = 10
#: Pages of results offered at most (100 pages of 10): counting and ranking stop there, so a word on
#: every page costs no more than one on a thousand. The count then reads "1,000 or more".
MAX_RESULTS = 1000


def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    terms = clean_search_query(query)
    types = search_page_types()
    chosen_type = request.GET.get("type", "")
    if chosen_type not in types and chosen_type != "resource":
        chosen_type = ""

    def page_search(words):
        pages = Page.objects.live().public().exclude(depth__lte=1)
        if chosen_type:
            pages = pages.type(*types[chosen_type].models)
        return pages.search(words, operator="and")

    def resource_search(words):
        resources = Resource.objects.visible_to(request.user).select_related("link_page", "link_document")
        return get_search_backend().search(words, resources, operator="and")

    results = None
    resource_results = []
    total = 0
    capped = False
    suggestion = None
    if terms:
        if chosen_type != "resource":
            # Sliced before paginating: the backend counts and ranks at most MAX_RESULTS matches, and
            # each page of results is one LIMIT/OFFSET query (cms.search_backend).
            results = paginate(request, page_search(terms)[:MAX_RESULTS], PER_PAGE)
            total = results.paginator.count
            capped = total >= MAX_RESULTS
        if chosen_type in ("", "resource"):
            limit = 50 if chosen_type == "resource" else 5
            resource_results = list(resource_search(terms)[:limit])
            if chosen_type == "resource":
                total = len(resource_results)
        if not total and not resource_results:
            suggestion = suggest(terms)
            # Offer it only if it finds something this reader may see (never a word from a draft).
            search_suggestion = resource_search if chosen_type == "resource" else page_search
            if suggestion and not search_suggestion(suggestion)[:1].count():
                suggestion = None

    return render(
        request,
        "cms/search.html",
        {
            "query": query,
            "results": results,
            "resource_results": resource_results,
            "total": total,
            "capped": capped,
            "suggestion": suggestion,
            "types": [(key, page_type.label) for key, page_type in types.items()]
            + [("resource", "Managers' resources")],
            "chosen_type": chosen_type,
        },
    )
