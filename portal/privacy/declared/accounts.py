"""Declarations of the accounts: the portal's user model, allauth's addresses, confirmations and
authenticators, and the portal's record of each erasure. (Imported by portal.privacy.load().)"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q

from allauth.account.models import EmailAddress, EmailConfirmation
from allauth.mfa.models import Authenticator

from portal.models import ClockLease, ErasureRecord
from portal.privacy.registry import PersonalData, json_safe, no_personal_data, register
from portal.privacy.subject import email_q, subject_hash

User = get_user_model()

ERASED_EMAIL_DOMAIN = "erased.invalid"


def anonymous_email(pk) -> str:
    return f"erased-{pk}@{ERASED_EMAIL_DOMAIN}"


@register
class UserData(PersonalData):
    """The account. Erasure keeps the row (so the audit trail's links to it stay valid) but leaves
    nothing that identifies anyone: a placeholder address, no name, no password, inactive, no groups."""

    model = User
    export_fields = (
        "email",
        "first_name",
        "last_name",
        "is_active",
        "is_staff",
        "is_superuser",
        "date_joined",
        "last_login",
    )
    email_fields = ("email",)
    order = 900

    def rows(self, subject):
        return User.objects.filter(pk__in=subject.user_ids).prefetch_related("groups")

    def export(self, obj):
        data = super().export(obj)
        data["groups"] = sorted(group.name for group in obj.groups.all())
        return data

    def anonymise(self, obj):
        obj.email = anonymous_email(obj.pk)
        obj.first_name = ""
        obj.last_name = ""
        obj.is_active = False
        obj.is_staff = False
        obj.is_superuser = False
        obj.set_unusable_password()
        obj.save()
        obj.groups.clear()
        obj.user_permissions.clear()


@register
class EmailAddressData(PersonalData):
    model = EmailAddress
    export_fields = ("email", "verified", "primary")
    email_fields = ("email",)
    on_erasure = "delete"
    order = 800

    def rows(self, subject):
        # A replay leaves alone an address on someone else's account: it has no date.
        by_address = Q(pk__in=[]) if subject.replaying else email_q("email", subject.emails)
        return EmailAddress.objects.filter(Q(user_id__in=subject.user_ids) | by_address)


@register
class EmailConfirmationData(PersonalData):
    """allauth's stored confirmation keys (unused while confirmations are HMAC-based). The key is a
    secret and is never exported."""

    model = EmailConfirmation
    export_fields = ("created", "sent")
    on_erasure = "delete"
    order = 700

    def rows(self, subject):
        return EmailConfirmation.objects.filter(
            Q(email_address__user_id__in=subject.user_ids)
            | (email_q("email_address__email", subject.emails) & subject.made_by("created"))
        ).select_related("email_address")

    def export(self, obj):
        return {**super().export(obj), "email": obj.email_address.email}


@register
class AuthenticatorData(PersonalData):
    """Two-factor authentication: which kinds, and when made and last used. Never the secrets."""

    model = Authenticator
    export_fields = ("type", "created_at", "last_used_at")
    on_erasure = "delete"
    order = 800

    def rows(self, subject):
        return Authenticator.objects.filter(user_id__in=subject.user_ids)


@register
class ErasureRecordData(PersonalData):
    """The record of an erasure is kept (it is how the erasure is replayed). A member of staff who
    carried one out is told when, not whose; the person erased is matched by the hash alone."""

    model = ErasureRecord
    anonymised_values = {"actor": None}
    order = 850

    def rows(self, subject):
        hashes = [subject_hash(e) for e in subject.emails]
        return ErasureRecord.objects.filter(
            Q(actor_id__in=subject.user_ids) | (Q(subject_hash__in=hashes) & subject.made_by("created_at"))
        )

    def export(self, obj):
        return {
            "id": obj.pk,
            "created_at": json_safe(obj.created_at),
            "role": "carried out by you" if obj.actor_id is not None else "your data erased",
        }

    def erase_rows(self, subject):
        return ErasureRecord.objects.filter(actor_id__in=subject.user_ids).update(actor=None)


no_personal_data(
    ClockLease,
    reason="Which scheduler process holds the clock's lease and when it last ticked.",
    fields={"name": "the clock's name, e.g. 'clock'", "holder": "a host name, process id and random nonce"},
)
