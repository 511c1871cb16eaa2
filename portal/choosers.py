"""Snippet choosers that ask for the same permission as the snippet's own admin listing.

Wagtail gives every snippet a chooser (/admin/snippets/choose/<app>/<model>/: the modal, its
results, the "chosen" answer for one or several ids, and a creation form), and those views check no
permission but the creation form's "add": anyone who may use the admin could list the rows through
them. A snippet whose rows are not for every member of staff (the enquiries setup: suppressed
addresses, team members, advisers' capacity...) sets

    chooser_viewset_class = ListingPermissionChooserViewSet

and its chooser then answers only those who may see its listing (any of add, change, delete or view,
through the snippet viewset's own permission policy), refusing the others as Wagtail refuses any admin
view (a redirect to the dashboard, or 403 to the modal's XMLHttpRequest).
"""

from __future__ import annotations

from wagtail.admin.views.generic import PermissionCheckedMixin
from wagtail.snippets.views import chooser

#: What the snippet listing (wagtail.admin.views.generic.models.IndexView) asks for.
LISTING_PERMISSIONS = ["add", "change", "delete", "view"]


class ListingPermissionMixin(PermissionCheckedMixin):
    any_permission_required = LISTING_PERMISSIONS


class ChooseView(ListingPermissionMixin, chooser.ChooseView):
    pass


class ChooseResultsView(ListingPermissionMixin, chooser.ChooseResultsView):
    pass


class ChosenView(ListingPermissionMixin, chooser.SnippetChosenView):
    pass


class ChosenMultipleView(ListingPermissionMixin, chooser.SnippetChosenMultipleView):
    pass


class CreateView(ListingPermissionMixin, chooser.SnippetCreateView):
    pass  # and "add", which Wagtail's creation form checks itself


class ListingPermissionChooserViewSet(chooser.SnippetChooserViewSet):
    """A snippet's chooser that answers only those who may see the snippet's listing."""

    choose_view_class = ChooseView
    choose_results_view_class = ChooseResultsView
    chosen_view_class = ChosenView
    chosen_multiple_view_class = ChosenMultipleView
    create_view_class = CreateView

    @property
    def permission_policy(self):
        # The snippet viewset's policy, the one its listing uses (SnippetViewSet.on_register sets
        # model.snippet_viewset before it registers this chooser).
        return self.model.snippet_viewset.permission_policy
