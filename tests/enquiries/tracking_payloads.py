"""Crafted tracking-webhook payloads in the shapes the providers send, and helpers that post them.

The shapes follow the providers' documentation and django-anymail's own webhook tests: Postmark's
Delivery, Bounce and SpamComplaint webhooks (JSON, basic auth only); Mailgun's current webhooks
(JSON with an HMAC-SHA256 "signature" block over timestamp + token, keyed with the webhook signing
key); Amazon SES notifications wrapped in an Amazon SNS "Notification" (posted as text/plain, with
the x-amz-sns-message-type and x-amz-sns-message-id headers).

Every helper returns the payload as the provider would send it; `post_*` send it to the webhook with
the test settings' basic-auth secret (portal/settings/test.py), unless told otherwise.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import itertools
import json
import time
import uuid

WEBHOOK_SECRET = "anymail-test:webhook-secret-3f9b"
MAILGUN_SIGNING_KEY = "mailgun-test-signing-key"

POSTMARK_TRACKING = "/anymail/postmark/tracking/"
MAILGUN_TRACKING = "/anymail/mailgun/tracking/"
SES_TRACKING = "/anymail/amazon_ses/tracking/"
POSTMARK_INBOUND = "/anymail/postmark/inbound/"

_ids = itertools.count(901542550)


def basic_auth(credentials: str = WEBHOOK_SECRET) -> dict:
    token = base64.b64encode(credentials.encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


def iso(moment: datetime.datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


# --------------------------------------------------------------------------------------------------
# Postmark
# --------------------------------------------------------------------------------------------------


def postmark_delivery(*, message_id: str, recipient: str, at: datetime.datetime, metadata=None) -> dict:
    """Postmark's Delivery webhook: note that it carries no event ID."""
    payload = {
        "RecordType": "Delivery",
        "ServerID": 23,
        "MessageStream": "outbound",
        "MessageID": message_id,
        "Recipient": recipient,
        "Tag": "reply",
        "DeliveredAt": iso(at),
        "Details": "smtp;250 2.0.0 OK  1730000000 a1si123456wrb.1 - gsmtp",
    }
    if metadata is not None:
        payload["Metadata"] = metadata
    return payload


def postmark_bounce(
    *, message_id: str, recipient: str, at: datetime.datetime, type_: str = "HardBounce", bounce_id=None
) -> dict:
    """Postmark's Bounce webhook. Type HardBounce (TypeCode 1), SoftBounce (4096) or Transient (2)."""
    codes = {"HardBounce": 1, "Transient": 2, "SoftBounce": 4096}
    descriptions = {
        "HardBounce": "The server was unable to deliver your message (ex: unknown user, mailbox not found).",
        "Transient": "The server could not temporarily deliver your message (ex: Message is delayed due "
        "to network troubles).",
        "SoftBounce": "Unable to temporarily deliver this message.",
    }
    return {
        "RecordType": "Bounce",
        "ID": bounce_id or next(_ids),
        "Type": type_,
        "TypeCode": codes[type_],
        "Name": {"HardBounce": "Hard bounce", "Transient": "Message delayed", "SoftBounce": "Soft bounce"}[
            type_
        ],
        "Tag": "reply",
        "MessageID": message_id,
        "ServerID": 23,
        "MessageStream": "outbound",
        "Description": descriptions[type_],
        "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
        "Email": recipient,
        "From": "help@portal.sor.example",
        "BouncedAt": iso(at),
        "DumpAvailable": True,
        "Inactive": type_ == "HardBounce",
        "CanActivate": True,
        "Subject": "Your enquiry",
        "Content": "Return-Path: <>\r\n...",
    }


def postmark_spam_complaint(*, message_id: str, recipient: str, at: datetime.datetime) -> dict:
    return {
        "RecordType": "SpamComplaint",
        "ID": next(_ids),
        "Type": "SpamComplaint",
        "TypeCode": 512,
        "Name": "Spam complaint",
        "Tag": "reply",
        "MessageID": message_id,
        "ServerID": 23,
        "MessageStream": "outbound",
        "Description": "",
        "Details": "Test spam complaint details",
        "Email": recipient,
        "From": "help@portal.sor.example",
        "BouncedAt": iso(at),
        "DumpAvailable": True,
        "Inactive": True,
        "CanActivate": False,
        "Subject": "Your enquiry",
    }


def postmark_open(*, message_id: str, recipient: str, at: datetime.datetime) -> dict:
    return {
        "RecordType": "Open",
        "FirstOpen": True,
        "Client": {"Name": "Gmail", "Company": "Google", "Family": "Gmail"},
        "OS": {"Name": "unknown", "Company": "unknown", "Family": "unknown"},
        "Platform": "Unknown",
        "UserAgent": "Mozilla/5.0",
        "ReadSeconds": 0,
        "Geo": {},
        "MessageID": message_id,
        "ReceivedAt": iso(at),
        "Recipient": recipient,
    }


def postmark_inbound_minimal() -> dict:
    """The least an inbound Postmark webhook carries (used to show the 503 while the database is down)."""
    return {
        "FromName": "Sam Returner",
        "MessageStream": "inbound",
        "From": "sam@example.org",
        "FromFull": {"Email": "sam@example.org", "Name": "Sam Returner", "MailboxHash": ""},
        "To": "reply+token@reply.portal.sor.example",
        "ToFull": [{"Email": "reply+token@reply.portal.sor.example", "Name": "", "MailboxHash": "token"}],
        "Cc": "",
        "CcFull": [],
        "Bcc": "",
        "BccFull": [],
        "OriginalRecipient": "reply+token@reply.portal.sor.example",
        "Subject": "Re: Your enquiry",
        "MessageID": str(uuid.uuid4()),
        "ReplyTo": "",
        "MailboxHash": "token",
        "Date": "Wed, 25 Nov 2026 10:00:00 +0000",
        "TextBody": "Thank you, that answers my question.",
        "HtmlBody": "",
        "StrippedTextReply": "Thank you, that answers my question.",
        "Tag": "",
        "Headers": [{"Name": "Message-ID", "Value": "<reply-1@mail.example.org>"}],
        "Attachments": [],
    }


def post_postmark(client, payload: dict, *, path: str = POSTMARK_TRACKING, auth=WEBHOOK_SECRET):
    headers = basic_auth(auth) if auth else {}
    return client.post(path, data=json.dumps(payload), content_type="application/json", **headers)


# --------------------------------------------------------------------------------------------------
# Mailgun
# --------------------------------------------------------------------------------------------------


def mailgun_signature(timestamp: str, token: str, key: str = MAILGUN_SIGNING_KEY) -> str:
    return hmac.new(key.encode("ascii"), f"{timestamp}{token}".encode("ascii"), hashlib.sha256).hexdigest()


def mailgun_event(
    *,
    event: str,
    message_id: str,
    recipient: str,
    at: datetime.datetime,
    severity: str | None = None,
    reason: str | None = None,
    user_variables: dict | None = None,
    token: str | None = None,
    signing_key: str = MAILGUN_SIGNING_KEY,
    signed_at: float | None = None,
) -> dict:
    """A Mailgun webhook (delivered, failed, complained...), signed with `signing_key`.

    `message_id` is the Message-Id header Mailgun reports, without angle brackets, as Mailgun sends it.
    The event happened `at`; Mailgun signs the time it posts the webhook (`signed_at`, seconds since the
    epoch, now unless given) with a random `token`: the signature covers those two, not the event."""
    token = token or uuid.uuid4().hex + uuid.uuid4().hex[:18]
    timestamp = str(int(time.time() if signed_at is None else signed_at))
    event_data = {
        "event": event,
        "id": uuid.uuid4().hex[:22],
        "timestamp": at.timestamp(),
        "log-level": "info" if event == "delivered" else "warn",
        "recipient": recipient,
        "recipient-domain": recipient.split("@", 1)[1],
        "tags": ["reply"],
        "user-variables": user_variables or {},
        "envelope": {"sender": "help@portal.sor.example", "transport": "smtp", "targets": recipient},
        "message": {
            "headers": {
                "to": recipient,
                "message-id": message_id,
                "from": "SoR Return and Recruit <help@portal.sor.example>",
                "subject": "Your enquiry",
            },
            "attachments": [],
            "size": 2048,
        },
        "flags": {
            "is-routed": False,
            "is-authenticated": True,
            "is-system-test": False,
            "is-test-mode": False,
        },
    }
    if event in ("delivered", "failed"):
        event_data["delivery-status"] = {
            "tls": True,
            "mx-host": "mx.example.org",
            "attempt-no": 1,
            "description": "" if event == "delivered" else "Mailbox unavailable",
            "code": 250 if event == "delivered" else (550 if severity == "permanent" else 451),
            "message": "OK"
            if event == "delivered"
            else "5.1.1 The email account that you tried to reach does not exist.",
        }
    if severity:
        event_data["severity"] = severity
    if reason:
        event_data["reason"] = reason
    return {
        "signature": {
            "timestamp": timestamp,
            "token": token,
            "signature": mailgun_signature(timestamp, token, signing_key),
        },
        "event-data": event_data,
    }


def post_mailgun(client, payload: dict, *, auth=WEBHOOK_SECRET):
    headers = basic_auth(auth) if auth else {}
    return client.post(MAILGUN_TRACKING, data=json.dumps(payload), content_type="application/json", **headers)


# --------------------------------------------------------------------------------------------------
# Amazon SES (through Amazon SNS)
# --------------------------------------------------------------------------------------------------


def _ses_mail(*, message_id: str, recipient: str, at: datetime.datetime, metadata=None) -> dict:
    headers = [
        {"name": "From", "value": "SoR Return and Recruit <help@portal.sor.example>"},
        {"name": "To", "value": recipient},
        {"name": "Subject", "value": "Your enquiry"},
        {"name": "X-Tag", "value": "reply"},
    ]
    if metadata is not None:
        headers.append({"name": "X-Metadata", "value": json.dumps(metadata)})
    return {
        "timestamp": iso(at - datetime.timedelta(seconds=2)),
        "source": "help@portal.sor.example",
        "sourceArn": "arn:aws:ses:eu-west-2:123456789012:identity/portal.sor.example",
        "sendingAccountId": "123456789012",
        "messageId": message_id,
        "destination": [recipient],
        "headersTruncated": False,
        "headers": headers,
        "commonHeaders": {"from": ["help@portal.sor.example"], "to": [recipient], "subject": "Your enquiry"},
    }


def ses_delivery(*, message_id: str, recipient: str, at: datetime.datetime, metadata=None) -> dict:
    return {
        "notificationType": "Delivery",
        "mail": _ses_mail(message_id=message_id, recipient=recipient, at=at, metadata=metadata),
        "delivery": {
            "timestamp": iso(at),
            "recipients": [recipient],
            "processingTimeMillis": 546,
            "reportingMTA": "a8-70.smtp-out.amazonses.com",
            "smtpResponse": "250 ok:  Message 64111812 accepted",
            "remoteMtaIp": "127.0.2.0",
        },
    }


def ses_send(*, message_id: str, recipient: str, at: datetime.datetime) -> dict:
    """An SES event-publishing "Send" event (anymail: sent)."""
    return {
        "eventType": "Send",
        "mail": _ses_mail(message_id=message_id, recipient=recipient, at=at),
        "send": {},
    }


def ses_bounce(
    *, message_id: str, recipient: str, at: datetime.datetime, bounce_type: str = "Permanent"
) -> dict:
    """bounce_type Permanent (sub-type General) or Transient (sub-type MailboxFull)."""
    return {
        "notificationType": "Bounce",
        "bounce": {
            "bounceType": bounce_type,
            "bounceSubType": "General" if bounce_type == "Permanent" else "MailboxFull",
            "bouncedRecipients": [
                {
                    "emailAddress": recipient,
                    "status": "5.1.1" if bounce_type == "Permanent" else "4.2.2",
                    "action": "failed",
                    "diagnosticCode": "smtp; 550 5.1.1 user unknown",
                }
            ],
            "timestamp": iso(at),
            "feedbackId": f"0100{uuid.uuid4().hex}-000000",
            "reportingMTA": "dns; email.example.org",
            "remoteMtaIp": "127.0.2.0",
        },
        "mail": _ses_mail(message_id=message_id, recipient=recipient, at=at),
    }


def ses_complaint(*, message_id: str, recipient: str, at: datetime.datetime) -> dict:
    return {
        "notificationType": "Complaint",
        "complaint": {
            "userAgent": "AnyCompany Feedback Loop (V0.01)",
            "complainedRecipients": [{"emailAddress": recipient}],
            "complaintFeedbackType": "abuse",
            "arrivalDate": iso(at),
            "timestamp": iso(at),
            "feedbackId": f"0100{uuid.uuid4().hex}-000000",
        },
        "mail": _ses_mail(message_id=message_id, recipient=recipient, at=at),
    }


def sns_notification(ses_event: dict, *, at: datetime.datetime, sns_id: str | None = None) -> dict:
    """An Amazon SNS Notification carrying an SES event (SNS's Timestamp is the event time anymail uses)."""
    return {
        "Type": "Notification",
        "MessageId": sns_id or str(uuid.uuid4()),
        "TopicArn": "arn:aws:sns:eu-west-2:123456789012:portal-ses-events",
        "Subject": "Amazon SES Email Event Notification",
        "Message": json.dumps(ses_event) + "\n",
        "Timestamp": iso(at),
        "SignatureVersion": "1",
        "Signature": "EXAMPLE-SIGNATURE==",
        "SigningCertURL": "https://sns.eu-west-2.amazonaws.com/SimpleNotificationService-example.pem",
        "UnsubscribeURL": "https://sns.eu-west-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn...",
    }


def post_ses(client, sns_message: dict, *, auth=WEBHOOK_SECRET):
    headers = basic_auth(auth) if auth else {}
    return client.post(
        SES_TRACKING,
        data=json.dumps(sns_message),
        content_type="text/plain; charset=UTF-8",  # SNS posts its JSON as text/plain
        HTTP_X_AMZ_SNS_MESSAGE_ID=sns_message["MessageId"],
        HTTP_X_AMZ_SNS_MESSAGE_TYPE=sns_message["Type"],
        **headers,
    )


# --------------------------------------------------------------------------------------------------
# One interface over the three providers, for parametrised tests
# --------------------------------------------------------------------------------------------------

PROVIDERS = ["postmark", "mailgun", "amazon_ses"]


def provider_message_id(provider: str) -> str:
    """A message id in the provider's own style (what deliver() saves as esp_message_id)."""
    if provider == "postmark":
        return str(uuid.uuid4())
    if provider == "mailgun":
        return f"<20261125100000.{uuid.uuid4().hex[:16].upper()}@mg.portal.sor.example>"
    return f"0102019{uuid.uuid4().hex[:9]}-{uuid.uuid4()}-000000"


def send_event(client, provider: str, kind: str, *, message_id: str, recipient: str, at, **options):
    """Post a `kind` of event (delivered, hard_bounce, soft_bounce, complaint, sent) from `provider`.
    Returns (response, payload) so a test can replay the very same payload."""
    payload = build_event(provider, kind, message_id=message_id, recipient=recipient, at=at, **options)
    return post_event(client, provider, payload), payload


def build_event(provider: str, kind: str, *, message_id: str, recipient: str, at, metadata=None):
    if provider == "postmark":
        if kind == "delivered":
            return postmark_delivery(message_id=message_id, recipient=recipient, at=at, metadata=metadata)
        if kind in ("hard_bounce", "soft_bounce"):
            type_ = "HardBounce" if kind == "hard_bounce" else "SoftBounce"
            return postmark_bounce(message_id=message_id, recipient=recipient, at=at, type_=type_)
        if kind == "complaint":
            return postmark_spam_complaint(message_id=message_id, recipient=recipient, at=at)
    if provider == "mailgun":
        bare = message_id.strip("<>")  # Mailgun reports the header without its angle brackets
        common = {"message_id": bare, "recipient": recipient, "at": at, "user_variables": metadata}
        if kind == "delivered":
            return mailgun_event(event="delivered", **common)
        if kind == "hard_bounce":
            return mailgun_event(event="failed", severity="permanent", reason="bounce", **common)
        if kind == "soft_bounce":
            return mailgun_event(event="failed", severity="temporary", reason="generic", **common)
        if kind == "complaint":
            return mailgun_event(event="complained", **common)
    if provider == "amazon_ses":
        common = {"message_id": message_id, "recipient": recipient, "at": at}
        if kind == "delivered":
            ses = ses_delivery(**common, metadata=metadata)
        elif kind == "sent":
            ses = ses_send(**common)
        elif kind == "hard_bounce":
            ses = ses_bounce(**common, bounce_type="Permanent")
        elif kind == "soft_bounce":
            ses = ses_bounce(**common, bounce_type="Transient")
        elif kind == "complaint":
            ses = ses_complaint(**common)
        else:
            raise ValueError(kind)
        return sns_notification(ses, at=at)
    raise ValueError(f"{provider} {kind}")


def post_event(client, provider: str, payload: dict, **kwargs):
    if provider == "postmark":
        return post_postmark(client, payload, **kwargs)
    if provider == "mailgun":
        return post_mailgun(client, payload, **kwargs)
    return post_ses(client, payload, **kwargs)
