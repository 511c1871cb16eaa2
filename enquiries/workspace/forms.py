"""Forms of the adviser workspace (Wagtail admin). Each form only validates; services change state.

Several forms share the enquiry page, so each has its own prefix ("reply-body", "note-body", ...).
They are `portal.forms.AdminForm`s: each field renders with templates/forms/admin_field.html, whose
error message and help text Django's aria-describedby names (and aria-invalid marks a field with an
error); the inbox filters' form is one too.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from wagtail.admin.filters import WagtailFilterSet

import django_filters

from cms.models import Nation, Pathway, Topic
from enquiries.models import Enquiry, Team, TeamMembership
from enquiries.states import TRANSITIONS
from portal.forms import AdminForm

S = Enquiry.Status
MAX_BODY = 10_000
#: The longest inbox search kept (a reference, a name, an email address or a few words of a subject).
MAX_SEARCH = 200


def _clean_text(value: str, message: str) -> str:
    value = (value or "").replace("\x00", "").strip()
    if not value:
        raise forms.ValidationError(message)
    return value


class ReplyForm(AdminForm):
    """An adviser's reply, emailed to the enquirer, and what happens to the enquiry after it."""

    THEN_CHOICES = [
        (S.AWAITING_ENQUIRER, "Wait for their answer (awaiting enquirer: the deadline pauses)"),
        (S.RESOLVED, "Mark it resolved (they can still reply)"),
        (S.OPEN, "Keep it open"),
        (S.ON_HOLD, "Put it on hold"),
    ]

    canned = forms.ModelChoiceField(
        label="Canned response",
        queryset=None,
        required=False,
        empty_label="Choose a canned response",
        help_text="Insert adds it, with the enquirer's name and reference filled in, below what you have written.",
    )
    body = forms.CharField(
        label="Your reply",
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Sent by email to the enquirer and shown on their enquiry page.",
        error_messages={
            "required": "Write your reply",
            "max_length": "Keep your reply under 10,000 characters",
        },
    )
    then = forms.ChoiceField(
        label="After sending",
        choices=THEN_CHOICES,
        initial=S.AWAITING_ENQUIRER,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happens after the reply"},
    )

    def __init__(self, *args, canned_queryset, **kwargs):
        kwargs.setdefault("prefix", "reply")
        super().__init__(*args, **kwargs)
        self.fields["canned"].queryset = canned_queryset

    def clean_body(self):
        return _clean_text(self.cleaned_data.get("body"), "Write your reply")

    def replace_errors(self, field, message):
        """Show only this error (e.g. when the form was submitted for another purpose)."""
        self.errors.clear()
        self.add_error(field, message)


class NoteForm(AdminForm):
    body = forms.CharField(
        label="Internal note",
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only advisers see notes. They are never emailed to the enquirer.",
        error_messages={"required": "Write the note", "max_length": "Keep the note under 10,000 characters"},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "note")
        super().__init__(*args, **kwargs)

    def clean_body(self):
        return _clean_text(self.cleaned_data.get("body"), "Write the note")


class StatusForm(AdminForm):
    """Only the changes allowed from the current status (merging has its own form)."""

    to = forms.ChoiceField(
        label="New status",
        error_messages={
            "required": "Choose the new status",
            "invalid_choice": "That status cannot be chosen now; choose one from the list",
        },
    )
    reason = forms.CharField(
        label="Reason (optional)",
        required=False,
        max_length=500,
        help_text="Kept in the enquiry's history.",
        error_messages={"max_length": "Keep the reason under 500 characters"},
    )

    def __init__(self, *args, enquiry: Enquiry, **kwargs):
        kwargs.setdefault("prefix", "status")
        super().__init__(*args, **kwargs)
        allowed = TRANSITIONS.get(enquiry.status, frozenset()) - {S.MERGED}
        self.fields["to"].choices = [("", "Choose a status")] + [
            (value, label) for value, label in S.choices if value in allowed
        ]

    @property
    def has_choices(self) -> bool:
        return len(self.fields["to"].choices) > 1


class AssignForm(AdminForm):
    """Who works on the enquiry: someone in its team, or someone in another team (which moves it)."""

    assignee = forms.ChoiceField(
        label="Assign to",
        help_text="Choosing someone in another team moves the enquiry to that team.",
        error_messages={
            "required": "Choose who should work on it",
            "invalid_choice": "Choose someone from the list",
        },
    )

    def __init__(self, *args, enquiry: Enquiry, **kwargs):
        kwargs.setdefault("prefix", "assign")
        super().__init__(*args, **kwargs)
        memberships = (
            TeamMembership.objects.filter(user__is_active=True, user__is_staff=True)
            .select_related("team", "user", "user__adviser")
            .order_by("team__name", "user__first_name", "user__last_name", "user__email")
        )
        teams = {team.pk: team for team in Team.objects.order_by("name")}
        members: dict[int, list] = {pk: [] for pk in teams}
        for membership in memberships:
            members[membership.team_id].append(membership.user)
        self._teams = teams
        self._members = {pk: {user.pk: user for user in users} for pk, users in members.items()}
        # The enquiry's own team first, then the others.
        order = sorted(teams, key=lambda pk: (pk != enquiry.team_id, teams[pk].name))
        choices = [("", "Choose someone")]
        for pk in order:
            options = [(f"{pk}:", f"Nobody yet ({teams[pk].name})")]
            for user in members[pk]:
                away = getattr(getattr(user, "adviser", None), "is_away", False)
                label = user.get_full_name() or user.email
                options.append((f"{pk}:{user.pk}", f"{label}{' (away)' if away else ''}"))
            choices.append((teams[pk].name, options))
        self.fields["assignee"].choices = choices
        if enquiry.team_id:
            self.initial.setdefault("assignee", f"{enquiry.team_id}:{enquiry.assignee_id or ''}")

    def clean_assignee(self):
        value = self.cleaned_data["assignee"]
        team_part, _, user_part = value.partition(":")
        try:
            team = self._teams[int(team_part)]
            user = self._members[team.pk][int(user_part)] if user_part else None
        except (KeyError, ValueError) as error:
            raise forms.ValidationError("Choose someone from the list") from error
        self.cleaned_data["team"] = team
        return user


class MergeForm(AdminForm):
    into = forms.ModelChoiceField(
        label="Merge this enquiry into",
        queryset=Enquiry.objects.none(),
        empty_label="Choose an enquiry",
        help_text="This enquiry is then marked as merged and its messages are shown in the other one's thread.",
        error_messages={
            "required": "Choose the enquiry to merge into",
            "invalid_choice": "Choose an enquiry from the list",
        },
    )

    def __init__(self, *args, candidates, **kwargs):
        kwargs.setdefault("prefix", "merge")
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = candidates
        self.fields["into"].label_from_instance = lambda e: (
            f"{e.reference}: {e.subject} ({e.get_status_display().lower()}, {e.created_at:%d %b %Y})"
        )


class AvailabilityForm(AdminForm):
    is_away = forms.TypedChoiceField(
        label="Your availability",
        choices=[("no", "Available: give me new enquiries"), ("yes", "Away: give me no new enquiries")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text="Enquiries already assigned to you stay with you; ask your team lead to move them.",
        error_messages={"required": "Choose available or away"},
    )


# --------------------------------------------------------------------------------------------------
# Inbox filters (django-filter, as Wagtail's listings use)
# --------------------------------------------------------------------------------------------------


def _teams(request):
    if request is None:
        return Team.objects.none()
    user = request.user
    if user.is_superuser:
        return Team.objects.order_by("name")
    return Team.objects.filter(memberships__user=user).order_by("name")


def _advisers(request):
    if request is None:
        return get_user_model().objects.none()
    teams = _teams(request)
    return (
        get_user_model()
        .objects.filter(team_memberships__team__in=teams, is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "email")
    )


class EnquiryFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(
        label="Status", choices=S.choices, widget=forms.CheckboxSelectMultiple
    )
    team = django_filters.ModelChoiceFilter(label="Team", queryset=_teams, empty_label="Any team")
    assignee = django_filters.ModelChoiceFilter(
        label="Assigned to", queryset=_advisers, empty_label="Anyone", null_label="Nobody", null_value="none"
    )
    topic = django_filters.ModelChoiceFilter(
        label="Topic", queryset=Topic.objects.all(), empty_label="Any topic"
    )
    nation = django_filters.ModelChoiceFilter(
        label="Nation", queryset=Nation.objects.all(), empty_label="Any nation"
    )
    pathway = django_filters.ModelChoiceFilter(
        label="Pathway", queryset=Pathway.objects.all(), empty_label="Any pathway"
    )
    who = django_filters.ChoiceFilter(label="Enquirer is", choices=Enquiry.Who.choices, empty_label="Anyone")

    class Meta:
        model = Enquiry
        form = AdminForm
        fields = ["status", "team", "assignee", "topic", "nation", "pathway", "who"]


# --------------------------------------------------------------------------------------------------
# Searches that never reach an address: both forms are POSTed
# --------------------------------------------------------------------------------------------------


class InboxSearchForm(AdminForm):
    """The inbox's search box. It is posted, and the text is kept in the session (see
    enquiries.workspace.inbox.InboxIndexView), so an email address or a name typed here never appears in a URL,
    an access log, the browser's history or a Referer header."""

    q = forms.CharField(
        label="Search by reference, name, email, HCPC number or subject",
        required=False,
        max_length=MAX_SEARCH,
        error_messages={"max_length": f"Search for {MAX_SEARCH} characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["maxlength"] = MAX_SEARCH

    def clean_q(self) -> str:
        # Control characters (NUL above all) are dropped and any run of white space made one space.
        value = self.cleaned_data.get("q") or ""
        return " ".join("".join(char for char in value if char.isprintable() or char.isspace()).split())


class SuppressionCheckForm(AdminForm):
    """'Is this address suppressed?': answered on the page, never from a URL."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We tell you whether we have stopped emailing this address, and why.",
        error_messages={
            "required": "Enter the email address to check",
            "invalid": "Enter an email address in the right format, like name@example.org",
            "max_length": "Enter an email address of 254 characters or fewer",
        },
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()
