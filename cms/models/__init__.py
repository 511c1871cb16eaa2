"""The content app's models, by room: taxonomy, pages, the resource library and upkeep (link checks,
review reminders). Import them from here."""

from cms.models.pages import (
    SUMMARY_HELP,
    GuidancePage,
    HomePage,
    HubPage,
    NewsIndexPage,
    NewsPage,
    ReviewMixin,
    SocialMixin,
    StandardPage,
    paginate,
)
from cms.models.resources import Resource, ResourceLibraryPage, ResourceQuerySet
from cms.models.taxonomy import Audience, Nation, Pathway, TaxonomyTerm, Topic
from cms.models.upkeep import ExternalLink, ReviewReminder

__all__ = [
    "SUMMARY_HELP",
    "Audience",
    "ExternalLink",
    "GuidancePage",
    "HomePage",
    "HubPage",
    "Nation",
    "NewsIndexPage",
    "NewsPage",
    "Pathway",
    "Resource",
    "ResourceLibraryPage",
    "ResourceQuerySet",
    "ReviewMixin",
    "ReviewReminder",
    "SocialMixin",
    "StandardPage",
    "TaxonomyTerm",
    "Topic",
    "paginate",
]
