"""Personal data in case studies (see portal/privacy/ for the registry): none that is linked to a data
subject. Case studies are published editorial content, edited in Wagtail."""

from __future__ import annotations

from portal.privacy import no_personal_data

from .models import CaseStudyIndexPage, CaseStudyPage

no_personal_data(CaseStudyIndexPage, reason="The case study listing page; its content is written by editors.")
no_personal_data(
    CaseStudyPage,
    reason=(
        "Published editorial content. A case study names a person only with their written consent, "
        "held outside the portal; it has no account, address or enquiry, so nothing links it to a "
        "data subject's email address. An editor changes or deletes the page if consent is withdrawn."
    ),
    fields={
        "person_name": "the published first name or pseudonym the person agreed to, as editorial content"
    },
)
