"""Attachment names come from what the file is, never only from what the sender called it (issue 10,
item 6): the extension follows the type found in the content, and Unicode direction and control
characters are stripped from every name, from the web form and from email alike."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from anymail.inbound import AnymailInboundMessage

from enquiries.attachments import attachment_store
from enquiries.factories import AdviserFactory
from enquiries.mail.reading import attachments as _attachments
from tests.conftest import mfa_login

from .inbound_payloads import build_email

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 a real enough PDF"
PNG = b"\x89PNG\r\n\x1a\n0000"


@pytest.mark.parametrize(
    ("sent_as", "content", "kept_as"),
    [
        ("invoice.html", PDF, "invoice.pdf"),
        ("photo.exe", PNG, "photo.png"),
        ("report\u202efdp.exe", PDF, "reportfdp.pdf"),
        ("my\u2066 cv\u2069\u200b.pdf", PDF, "my cv.pdf"),
        ("no extension", PDF, "no extension.pdf"),
        ("\u202e\u200f", PDF, "attachment.pdf"),
    ],
)
def test_a_web_upload_is_kept_and_offered_under_a_name_that_matches_its_content(
    client, submit, teams, sent_as, content, kept_as
):
    enquiry = submit(files=[SimpleUploadedFile(sent_as, content, "application/octet-stream")])
    attachment = enquiry.messages.get().attachments.get()
    assert attachment.original_name == kept_as
    adviser = AdviserFactory(email="names@sor.example", team=enquiry.team, groups=())
    mfa_login(client, adviser)
    response = client.get(f"/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert f'filename="{kept_as}"' in response["Content-Disposition"]
    assert "\u202e" not in response["Content-Disposition"]


def test_an_emailed_attachment_loses_its_direction_override_and_takes_its_real_extension(submit, teams):
    enquiry = submit()
    email = build_email(
        sender="ada@example.org",
        subject="Re: my enquiry",
        text="Scan attached.",
        attachments=[("report\u202efdp.exe", "application/octet-stream", PDF)],
    )
    message = AnymailInboundMessage.parse_raw_mime_bytes(email.as_bytes())
    accepted, refused = _attachments(message)
    assert refused == [] and len(accepted) == 1
    stored = attachment_store(message=enquiry.messages.get(), upload=accepted[0])
    assert stored.original_name == "reportfdp.pdf"
    assert stored.content_type == "application/pdf"
