"""Admin screens for the finder's editor-managed content, in a "Pathway finder" menu group.

Plans and updating logs are people's own data: they are deliberately not in the admin.
"""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Country, NationSupport, PathwayStep


class PathwayStepViewSet(SnippetViewSet):
    model = PathwayStep
    icon = "list-ol"
    menu_label = "Steps"
    list_display = ["title", "sort_order", "pathway", "conditions_summary", "cost", "time"]
    list_filter = ["pathway", "profession", "nations", "country_status", "live"]
    search_fields = ["title", "body"]
    # Searched with the database (icontains), not the search index: the index holds neither every field
    # listed nor the listing's sort fields, and searching there answered 500 (SearchFieldError).
    search_backend_name = None
    ordering = ["sort_order", "title"]


class CountryViewSet(SnippetViewSet):
    model = Country
    icon = "site"
    menu_label = "Countries"
    list_display = [
        "name",
        "code",
        "recruitment_status",
        "government_agreement",
        "english_qualifying",
        "last_checked",
    ]
    list_filter = ["recruitment_status", "government_agreement", "english_qualifying", "status_needs_check"]
    search_fields = ["name", "code"]
    # Searched with the database (icontains), not the search index: the index holds neither every field
    # listed nor the listing's sort fields, and searching there answered 500 (SearchFieldError).
    search_backend_name = None
    ordering = ["name"]


class NationSupportViewSet(SnippetViewSet):
    model = NationSupport
    icon = "help"
    menu_label = "Nation support"
    list_display = ["nation", "check_note", "last_checked"]


class PathwayFinderGroup(SnippetViewSetGroup):
    items = (PathwayStepViewSet, CountryViewSet, NationSupportViewSet)
    menu_icon = "list-ol"
    menu_label = "Pathway finder"
    menu_name = "pathway-finder"
    menu_order = 220
    add_to_admin_menu = True


register_snippet(PathwayFinderGroup)
