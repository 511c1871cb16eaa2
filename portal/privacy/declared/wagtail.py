"""Declarations of Wagtail's models: its admin history (log entries), search index, the work of staff
in the admin (pages, revisions, workflow, comments, documents, images), and what belongs to an account
(page subscriptions, uploads, editing state, user profiles); and the models that hold no personal data,
each with its reason. (Imported by portal.privacy.load().)"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.apps import apps as django_apps
from django.db import models
from django.db.models import BooleanField, Case, Q, Value, When

from wagtail import models as wagtail_models
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import ModelLogEntry, PageLogEntry
from wagtail.search import index

from portal.privacy.declared import ADMIN_NAME, exempt_if_installed
from portal.privacy.history import (
    HistoryMentions,
    content_type_ids,
    history_about,
    object_keys,
    redact_entries,
)
from portal.privacy.registry import (
    ADDRESS_PATTERN,
    AccountData,
    PersonalData,
    StaffWorkData,
    declaration_for,
    declarations,
    installed_model,
    json_safe,
    register,
)

# --------------------------------------------------------------------------------------------------
# Admin history and search index
# --------------------------------------------------------------------------------------------------


@register
class ModelLogEntryData(HistoryMentions, PersonalData):
    """Wagtail's admin history of everything but pages. `label` is str(row) when logged (a
    suppression's address, a user's name) and `data` may quote values.

    Exported: the entries about the subject's own rows (label included) and the entries of what
    the subject did (action and date only: the row may be someone else's). Erased: an entry about
    the subject's row (still there or deleted) loses its label and the addresses in its data,
    found before anything is deleted (order 1); an entry of what they did stays, linked to the
    anonymised account; and their addresses are taken out of every other entry."""

    model = ModelLogEntry
    order = 1
    in_admin_history = False

    def rows(self, subject):
        about = history_about(subject)
        return (
            ModelLogEntry.objects.filter(Q(user_id__in=subject.user_ids) | about)
            .annotate(
                about_subject=Case(
                    When(about, then=Value(True)), default=Value(False), output_field=BooleanField()
                )
            )
            .select_related("content_type")
        )

    def export(self, obj):
        data = {
            "id": obj.pk,
            "action": obj.action,
            "timestamp": json_safe(obj.timestamp),
            "object": obj.content_type.name if obj.content_type_id else "",
        }
        if obj.about_subject:
            data.update(label=obj.label, data=json_safe(obj.data), about_you=True)
        else:
            data["done_by_you"] = True
        return data

    def erase_rows(self, subject):
        return redact_entries(
            list(self.rows(subject).filter(about_subject=True)), ADDRESS_PATTERN, erase_label=True
        )


@register
class PageLogEntryData(HistoryMentions, PersonalData):
    """Wagtail's history of pages: what the subject did to which page (page titles are editorial).
    Kept on erasure, linked to the anonymised account; addresses are taken out of any entry."""

    model = PageLogEntry
    order = 1
    in_admin_history = False

    def rows(self, subject):
        return PageLogEntry.objects.filter(user_id__in=subject.user_ids)

    def export(self, obj):
        return {
            "id": obj.pk,
            "action": obj.action,
            "timestamp": json_safe(obj.timestamp),
            "page": obj.label,
            "done_by_you": True,
        }

    def erase_rows(self, subject):
        return 0


@register
class SearchIndexData(PersonalData):
    """Wagtail's search index keeps a copy of the text of indexed rows that hold personal data (an
    enquiry's name, address and subject). Exported as which rows are indexed (the text is in
    their own sections). Erased: deleted first; anonymised rows are indexed again from what is
    left of them (see enquiries_anonymise)."""

    model = installed_model("wagtailsearch.IndexEntry")
    on_erasure = "delete"
    order = 5
    in_admin_history = False

    def rows(self, subject):
        conditions = [Q(pk__in=[])]
        for declaration in declarations():
            if (
                issubclass(declaration.model, index.Indexed)
                and not isinstance(declaration, StaffWorkData)
                and declaration is not self
            ):
                conditions.append(
                    Q(
                        content_type_id__in=content_type_ids(declaration.model),
                        object_id__in=object_keys(declaration.rows(subject)),
                    )
                )
        return self.model.objects.filter(reduce(or_, conditions)).select_related("content_type")

    def export(self, obj):
        return {"id": obj.pk, "indexed": obj.content_type.name, "object_id": obj.object_id}

    def erase_rows(self, subject):
        deleted, _ = self.rows(subject).delete()
        return deleted


class SearchIndexTextData(PersonalData):
    """SQLite's full-text table of the search index: the same copies, deleted with them."""

    model = installed_model("wagtailsearch.SQLiteFTSIndexEntry")
    on_erasure = "delete"
    order = 4
    in_admin_history = False

    def rows(self, subject):
        return self.model.objects.filter(
            index_entry__in=declaration_for(SearchIndexData.model).rows(subject).values("pk")
        )

    def export(self, obj):
        return {"id": obj.pk}

    def erase_rows(self, subject):
        deleted, _ = self.rows(subject).delete()
        return deleted


if SearchIndexTextData.model is not None:
    register(SearchIndexTextData)


# --------------------------------------------------------------------------------------------------
# Staff's work in the admin, and what belongs to an account
# --------------------------------------------------------------------------------------------------


@register
class PageData(StaffWorkData):
    """Pages the subject created (owner) or has locked. Erasure releases their locks (nobody could
    otherwise edit the page again); the owner link stays, to the anonymised account."""

    model = wagtail_models.Page
    user_fields = ("owner", "locked_by")
    export_fields = ("title", "first_published_at", "locked", "locked_at")

    def erase_rows(self, subject):
        return wagtail_models.Page.objects.filter(locked_by_id__in=subject.user_ids).update(
            locked=False, locked_by=None, locked_at=None
        )


@register
class RevisionData(StaffWorkData):
    model = wagtail_models.Revision
    export_fields = ("object_str", "created_at")


@register
class WorkflowStateData(StaffWorkData):
    model = wagtail_models.WorkflowState
    user_fields = ("requested_by",)
    export_fields = ("status", "created_at")


@register
class TaskStateData(StaffWorkData):
    """A moderation step the subject finished, with the comment they gave."""

    model = wagtail_models.TaskState
    user_fields = ("finished_by",)
    export_fields = ("status", "started_at", "finished_at", "comment")
    mention_fields = ("comment",)
    created_field = "started_at"


@register
class CommentData(StaffWorkData):
    """Editors' comments on draft pages, by the subject or resolved by them."""

    model = wagtail_models.Comment
    user_fields = ("user", "resolved_by")
    export_fields = ("text", "created_at", "updated_at", "resolved_at")
    mention_fields = ("text",)
    created_field = "created_at"


@register
class CommentReplyData(StaffWorkData):
    model = wagtail_models.CommentReply
    export_fields = ("text", "created_at", "updated_at")
    mention_fields = ("text",)
    created_field = "created_at"


@register
class DocumentData(StaffWorkData):
    """Documents the subject uploaded to the library (the files are the organisation's content)."""

    model = get_document_model()
    user_fields = ("uploaded_by_user",)
    export_fields = ("title", "created_at")


@register
class ImageData(StaffWorkData):
    model = get_image_model()
    user_fields = ("uploaded_by_user",)
    export_fields = ("title", "created_at")


@register
class PageSubscriptionData(AccountData):
    """Which pages' comment notifications the subject gets. Deleted on erasure."""

    model = wagtail_models.PageSubscription
    export_fields = ("comment_notifications",)
    on_erasure = "delete"


@register
class UploadedFileData(AccountData):
    """A file uploaded in the admin and not yet saved as an image or document. Deleted."""

    model = wagtail_models.UploadedFile
    user_fields = ("uploaded_by_user",)
    file_fields = ("file",)
    on_erasure = "delete"


@register
class EditingSessionData(AccountData):
    """Who has an admin edit form open now. Deleted."""

    model = installed_model("wagtailadmin.EditingSession")
    export_fields = ("last_seen_at", "is_editing")
    on_erasure = "delete"


@register
class FormStateData(AccountData):
    """An admin form's unsaved state. Exported by date only (it may hold what the subject typed
    about someone else); deleted."""

    model = installed_model("wagtailadmin.FormState")
    export_fields = ("last_updated_at",)
    on_erasure = "delete"


@register
class UserProfileData(AccountData):
    """The admin preferences and avatar photo of the subject's account. Deleted with the photo."""

    model = installed_model("wagtailusers.UserProfile")
    export_fields = (
        "preferred_language",
        "current_time_zone",
        "theme",
        "contrast",
        "density",
        "keyboard_shortcuts",
        "submitted_notifications",
        "approved_notifications",
        "rejected_notifications",
        "updated_comments_notifications",
    )
    file_fields = ("avatar",)
    on_erasure = "delete"


# --------------------------------------------------------------------------------------------------
# Models that hold no personal data
# --------------------------------------------------------------------------------------------------


def _is_form_page(model: type[models.Model]) -> bool:
    from wagtail.contrib.forms.models import FormMixin

    return issubclass(model, FormMixin)


exempt_if_installed(
    {
        "wagtailcore.Locale": ("A language the site's content is in.", {}),
        "wagtailcore.Site": (
            "The site's host name, port and home page, set by administrators.",
            {
                "site_name": "the site's title, e.g. 'SoR Return to Practice'",
                "hostname": "the site's domain name, e.g. 'portal.sor.org'",
            },
        ),
        "wagtailcore.GroupSitePermission": ("A permission of a group on a site (ids only).", {}),
        "wagtailcore.GroupCollectionPermission": ("A permission of a group on a collection (ids only).", {}),
        "wagtailcore.GroupPagePermission": ("A permission of a group on a page (ids only).", {}),
        "wagtailcore.Collection": ("A folder of images and documents, named by editors.", ADMIN_NAME),
        "wagtailcore.CollectionViewRestriction": (
            "A collection's privacy setting; its password is shared with readers, not a person's.",
            {},
        ),
        "wagtailcore.PageViewRestriction": (
            "A page's privacy setting; its password is shared with readers, not a person's.",
            {},
        ),
        "wagtailcore.Workflow": ("A moderation workflow set up by administrators.", ADMIN_NAME),
        "wagtailcore.WorkflowContentType": ("Which workflow applies to which snippet type (ids).", {}),
        "wagtailcore.WorkflowPage": ("Which workflow applies to which pages (ids only).", {}),
        "wagtailcore.WorkflowTask": ("The order of the steps of a workflow (ids only).", {}),
        "wagtailcore.Task": ("A moderation step of a workflow, named by administrators.", ADMIN_NAME),
        "wagtailcore.GroupApprovalTask": (
            "A moderation step approved by a group (no fields of its own).",
            {},
        ),
        "wagtailcore.ReferenceIndex": (
            "Which object refers to which, by content type and id: no text of any object.",
            {},
        ),
        "wagtailadmin.Admin": ("An empty model that holds the 'access the admin' permission.", {}),
        "wagtailimages.Rendition": ("A resized copy of a library image, made for a page.", {}),
        "wagtailredirects.Redirect": ("A redirect from an old path to a page or URL, set by editors.", {}),
        "wagtailembeds.Embed": (
            "The cached oEmbed data of a video or post editors embedded in a page.",
            {
                "author_name": "the published author of the embedded third-party content",
                "provider_name": "the service that hosts it, e.g. 'YouTube'",
            },
        ),
        "wagtailsearchpromotions.Query": (
            "A search phrase that editors promote pages for (the portal records no visitor searches).",
            {},
        ),
        "wagtailsearchpromotions.QueryDailyHits": ("A count of searches for a promoted phrase, by day.", {}),
        "wagtailsearchpromotions.SearchPromotion": (
            "A page or link that editors promote for a search phrase.",
            {"description": "the editor's description of the promoted page or link"},
        ),
    }
)
if not any(_is_form_page(model) for model in django_apps.get_models()):
    exempt_if_installed(
        {
            "wagtailforms.FormSubmission": (
                "No page type of the portal is a form page (wagtail.contrib.forms' AbstractForm), so "
                "nothing is ever submitted here: enquiries have their own models. Adding a form page type "
                "removes this exemption, and the registry test fails until submissions are declared.",
                {},
            )
        }
    )
