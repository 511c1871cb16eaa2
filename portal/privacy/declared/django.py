"""Declarations of Django's own models: sessions hold personal data; groups, permissions and content
types do not. (Imported by portal.privacy.load().)"""

from __future__ import annotations

import datetime
import importlib
import json
import re

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction

from portal.privacy.declared import ADMIN_NAME, exempt_if_installed
from portal.privacy.registry import PersonalData, register


def _without_addresses(value, emails):
    """`value` (JSON-like: dicts, lists, strings) with every one of `emails` in its strings replaced by
    "[address removed]"."""
    if isinstance(value, str):
        for email in emails:
            value = re.sub(re.escape(email), "[address removed]", value, flags=re.IGNORECASE)
        return value
    if isinstance(value, dict):
        return {key: _without_addresses(item, emails) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_addresses(item, emails) for item in value]
    return value


@register
class SessionData(PersonalData):
    """Django's sessions: who is signed in, and allauth's record of how and with which address.
    The subject's sessions are those of their accounts, and signed-out ones holding their address
    (a sign-in or sign-up under way). Exported: when each expires. Erased: deleted, which signs the
    person out everywhere. Someone else's session that merely mentions the address (a member of
    staff's saved inbox search) is not the subject's: erasure blanks the address in it and leaves
    that person signed in. A replay only takes the sessions of the erased accounts and those last
    used before the erasure."""

    model = Session
    export_fields = ("expire_date",)
    on_erasure = "delete"
    order = 600
    rows_queries = 2
    in_admin_history = False

    def _matching(self, subject):
        """(the subject's session keys, other people's session keys that mention an address)."""
        accounts = {str(pk) for pk in subject.user_ids}
        age = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
        own, others = [], []
        sessions = Session.objects.only("session_key", "session_data", "expire_date")
        for session in sessions.iterator():
            decoded = session.get_decoded()
            user_id = str(decoded.get("_auth_user_id", ""))
            if user_id in accounts:
                own.append(session.session_key)
            elif subject.emails and (not subject.replaying or session.expire_date - age <= subject.as_of):
                text = json.dumps(decoded, default=str).lower()
                if any(email in text for email in subject.emails):
                    (others if user_id else own).append(session.session_key)
        return own, others

    def rows(self, subject):
        return Session.objects.filter(session_key__in=self._matching(subject)[0])

    def erase_rows(self, subject):
        own, others = self._matching(subject)
        deleted, _ = Session.objects.filter(session_key__in=own).delete()
        store = importlib.import_module(settings.SESSION_ENGINE).SessionStore
        for key in others:
            session = store(session_key=key)
            for name in list(session.keys()):
                cleaned = _without_addresses(session[name], subject.emails)
                if cleaned != session[name]:
                    session[name] = cleaned
            session.save()

        def forget_cached():
            for key in own:
                store(session_key=key).delete(key)

        if own:
            transaction.on_commit(forget_cached)
        return deleted + len(others)


exempt_if_installed(
    {
        "auth.Group": (
            "A permission group such as Advisers or Editors; its members are the user's.",
            ADMIN_NAME,
        ),
        "auth.Permission": (
            "A permission such as 'Can change enquiry', made by Django for each model.",
            {
                "name": "the permission's description, e.g. 'Can change enquiry'",
                "codename": "its code, e.g. 'change_enquiry'",
            },
        ),
        "contenttypes.ContentType": ("The name of an installed model, used by generic links.", {}),
    }
)
