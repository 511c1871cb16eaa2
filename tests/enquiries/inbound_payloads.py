"""Crafted inbound-webhook requests in the shapes Postmark, Mailgun and Amazon SES (via SNS) send.

Each `post_*` function builds the provider's real payload around one email and posts it to anymail's
inbound URL with the test settings' basic-auth secret (and Mailgun's HMAC signature)."""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import time
import uuid
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from django.conf import settings
from django.utils import timezone

POSTMARK_URL = "/anymail/postmark/inbound/"
MAILGUN_URL = "/anymail/mailgun/inbound/"
SES_URL = "/anymail/amazon_ses/inbound/"

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def basic_auth(secret: str | None = None) -> dict:
    secret = secret if secret is not None else settings.ANYMAIL["WEBHOOK_SECRET"]
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()}


def build_email(
    *,
    sender: str = "Sam Jones <sam@example.com>",
    to: str = "reply@reply.portal.sor.example",
    subject: str = "Re: Your request for help",
    text: str = "Thank you, that answers my question.",
    html: str | None = None,
    message_id: str | None = None,
    in_reply_to: str = "",
    references: str = "",
    headers: dict | None = None,
    attachments: list[tuple[str, str, bytes]] = (),
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(timezone.now())
    message["Message-ID"] = message_id or make_msgid(domain="mail.example.com")
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
    if references:
        message["References"] = references
    for name, value in (headers or {}).items():
        message[name] = value
    if text is not None:
        message.set_content(text)
    if html:
        if text is None:
            message.set_content(html, subtype="html")
        else:
            message.add_alternative(html, subtype="html")
    for filename, content_type, content in attachments:
        maintype, subtype = content_type.split("/", 1)
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return message


# Postmark ---------------------------------------------------------------------------------------------


def postmark_payload(message: EmailMessage, *, raw: bool = False) -> dict:
    """Postmark's inbound JSON: parsed fields (its default), or with RawEmail when that option is on."""
    from email.utils import getaddresses

    def full(header):
        return [
            {"Email": addr, "Name": name, "MailboxHash": ""}
            for name, addr in getaddresses(message.get_all(header, []))
        ]

    text_part = message.get_body(("plain",))
    html_part = message.get_body(("html",))
    payload = {
        "FromName": full("From")[0]["Name"],
        "MessageStream": "inbound",
        "From": full("From")[0]["Email"],
        "FromFull": full("From")[0],
        "To": message["To"],
        "ToFull": full("To"),
        "Cc": message.get("Cc", ""),
        "CcFull": full("Cc"),
        "Bcc": "",
        "BccFull": [],
        "OriginalRecipient": full("To")[0]["Email"],
        "Subject": message["Subject"],
        "MessageID": str(uuid.uuid4()),
        "ReplyTo": "",
        "MailboxHash": "",
        "Date": message["Date"],
        "TextBody": text_part.get_content() if text_part else "",
        "HtmlBody": html_part.get_content() if html_part else "",
        "StrippedTextReply": "",
        "Tag": "",
        "Headers": [{"Name": "Return-Path", "Value": f"<{full('From')[0]['Email']}>"}]
        + [
            {"Name": name, "Value": str(value)}
            for name, value in message.items()
            if name.lower() not in {"from", "to", "cc", "subject", "date", "content-type", "mime-version"}
        ],
        "Attachments": [
            {
                "Name": part.get_filename(),
                "Content": base64.b64encode(part.get_content()).decode(),
                "ContentType": part.get_content_type(),
                "ContentLength": len(part.get_content()),
            }
            for part in message.iter_attachments()
        ],
    }
    if raw:
        payload["RawEmail"] = message.as_string()
    return payload


def post_postmark(client, message: EmailMessage, *, raw: bool = False, auth: dict | None = None):
    return client.post(
        POSTMARK_URL,
        data=json.dumps(postmark_payload(message, raw=raw)),
        content_type="application/json",
        **(basic_auth() if auth is None else auth),
    )


# Mailgun ----------------------------------------------------------------------------------------------


def mailgun_signature(timestamp: str, token: str, key: str | None = None) -> str:
    key = key or settings.ANYMAIL["MAILGUN_WEBHOOK_SIGNING_KEY"]
    return hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()


def mailgun_form(
    message: EmailMessage,
    *,
    recipient: str | None = None,
    signing_key: str | None = None,
    signed_at: float | None = None,
    token: str | None = None,
) -> dict:
    """Mailgun's forward() route to a URL ending in 'mime': the raw message in body-mime, signed.

    Mailgun signs the time it posts (`signed_at`, seconds since the epoch; now unless given) and a
    random `token`; the signature covers those two only, not the email."""
    timestamp = str(int(time.time() if signed_at is None else signed_at))
    token = token or uuid.uuid4().hex + uuid.uuid4().hex[:18]
    return {
        "recipient": recipient or message["To"],
        "sender": message["From"],
        "from": message["From"],
        "subject": message["Subject"],
        "body-mime": message.as_string(),
        "timestamp": timestamp,
        "token": token,
        "signature": mailgun_signature(timestamp, token, signing_key),
    }


def mailgun_parsed_form(message: EmailMessage, *, signed_at: float | None = None) -> dict:
    """Mailgun's forward() route to a URL without 'mime' (the one the README documents): the headers as
    JSON, the text, and each attachment as an uploaded file, signed (at `signed_at`, now unless given)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    timestamp = str(int(time.time() if signed_at is None else signed_at))
    token = uuid.uuid4().hex + uuid.uuid4().hex[:18]
    text_part = message.get_body(("plain",))
    attachments = list(message.iter_attachments())
    form = {
        "recipient": message["To"],
        "sender": message["From"],
        "from": message["From"],
        "subject": message["Subject"],
        "message-headers": json.dumps(
            [[name, str(value)] for name, value in message.items() if name.lower() != "content-type"]
        ),
        "body-plain": text_part.get_content() if text_part else "",
        "attachment-count": str(len(attachments)),
        "timestamp": timestamp,
        "token": token,
        "signature": mailgun_signature(timestamp, token),
    }
    for number, part in enumerate(attachments, start=1):
        form[f"attachment-{number}"] = SimpleUploadedFile(
            part.get_filename(), part.get_content(), content_type=part.get_content_type()
        )
    return form


def post_mailgun(client, message: EmailMessage, *, form: dict | None = None, auth: dict | None = None, **kw):
    return client.post(
        MAILGUN_URL, data=form or mailgun_form(message, **kw), **(basic_auth() if auth is None else auth)
    )


# Amazon SES (SNS notification) ------------------------------------------------------------------------


def ses_notification(
    message: EmailMessage,
    *,
    recipient: str | None = None,
    spam: str = "PASS",
    dmarc: str = "PASS",
    at: datetime.datetime | None = None,
) -> dict:
    """An Amazon SNS Notification carrying an SES receipt; SNS's `Timestamp` is when it was published
    (`at`, now unless given)."""
    raw = message.as_bytes()
    recipient = recipient or message["To"]
    ses_message_id = uuid.uuid4().hex
    now = (at or timezone.now()).isoformat().replace("+00:00", "Z")
    ses_event = {
        "notificationType": "Received",
        "mail": {
            "timestamp": now,
            "source": message["From"],
            "messageId": ses_message_id,
            "destination": [recipient],
            "headersTruncated": False,
            "headers": [{"name": k, "value": str(v)} for k, v in message.items()],
            "commonHeaders": {
                "from": [message["From"]],
                "to": [message["To"]],
                "messageId": message["Message-ID"],
                "subject": message["Subject"],
            },
        },
        "receipt": {
            "timestamp": now,
            "processingTimeMillis": 312,
            "recipients": [recipient],
            "spamVerdict": {"status": spam},
            "virusVerdict": {"status": "PASS"},
            "spfVerdict": {"status": "PASS"},
            "dkimVerdict": {"status": "PASS"},
            "dmarcVerdict": {"status": dmarc},
            "action": {
                "type": "SNS",
                "topicArn": "arn:aws:sns:eu-west-2:123456789012:sor-inbound",
                "encoding": "BASE64",
            },
        },
        "content": base64.b64encode(raw).decode(),
    }
    return {
        "Type": "Notification",
        "MessageId": str(uuid.uuid4()),
        "TopicArn": "arn:aws:sns:eu-west-2:123456789012:sor-inbound",
        "Subject": "Amazon SES Email Receipt Notification",
        "Message": json.dumps(ses_event),
        "Timestamp": now,
        "SignatureVersion": "1",
        "Signature": base64.b64encode(b"not-checked-by-anymail").decode(),
        "SigningCertURL": "https://sns.eu-west-2.amazonaws.com/SimpleNotificationService-0000.pem",
        "UnsubscribeURL": "https://sns.eu-west-2.amazonaws.com/?Action=Unsubscribe",
    }


def post_ses(
    client, message: EmailMessage, *, notification: dict | None = None, auth: dict | None = None, **kw
):
    notification = notification or ses_notification(message, **kw)
    return client.post(
        SES_URL,
        data=json.dumps(notification),
        content_type="text/plain; charset=UTF-8",
        HTTP_X_AMZ_SNS_MESSAGE_TYPE="Notification",
        HTTP_X_AMZ_SNS_MESSAGE_ID=notification["MessageId"],
        **(basic_auth() if auth is None else auth),
    )


PROVIDERS = {"postmark": post_postmark, "mailgun": post_mailgun, "amazon_ses": post_ses}
