"""Personal data in the content app (see portal/privacy/ for the registry): none. Its models are edited
in Wagtail and hold no personal data about the portal's users: taxonomy labels, pages of published
content, library resources, the external links found in content and the record of review reminders."""

from __future__ import annotations

from portal.privacy import no_personal_data

from .models import (
    Audience,
    ExternalLink,
    GuidancePage,
    HomePage,
    HubPage,
    Nation,
    NewsIndexPage,
    NewsPage,
    Pathway,
    Resource,
    ResourceLibraryPage,
    ReviewReminder,
    StandardPage,
    Topic,
)

PAGE_BODY = {"body": "the page's published content, written by editors for everyone to read"}
TAXONOMY = {"name": "the label of a category editors manage, e.g. 'England' or 'Funding'"}

no_personal_data(
    Pathway,
    reason="A pathway label (return to practice, international recruitment).",
    fields={**TAXONOMY, "short_name": "the label's abbreviation, e.g. 'RtP' or 'IR'"},
)
no_personal_data(
    Nation, reason="One of the four UK nations, with its bank-holiday calendar.", fields=TAXONOMY
)
no_personal_data(Audience, reason="An audience label used to tag content for readers.", fields=TAXONOMY)
no_personal_data(
    Topic,
    reason="A topic label used to tag content and route enquiries.",
    fields={**TAXONOMY, "description": "an editor's description of the topic, shown to readers"},
)
for page_model in (HomePage, HubPage, GuidancePage, NewsPage, StandardPage):
    no_personal_data(
        page_model, reason="A Wagtail page of published content written by editors.", fields=PAGE_BODY
    )
no_personal_data(NewsIndexPage, reason="The news listing page; its content is written by editors.")
no_personal_data(ResourceLibraryPage, reason="The managers' resource library page, content by editors.")
no_personal_data(Resource, reason="A library resource (a link, document or page) described by editors.")
no_personal_data(
    ExternalLink, reason="An external address found in published content and what its last check found."
)
no_personal_data(
    ReviewReminder,
    reason="That a page's review reminder was sent (page, due date, stage); the email is in the outbox.",
)
