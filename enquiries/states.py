"""Every status set of an enquiry, the transitions between statuses, and the one answer to "can this
enquiry be replied to?" used by the workspace, the enquirer's page, emailed replies and the services.

The statuses themselves are `Enquiry.Status` (a TextChoices on the model, so the database and the
admin's filters know them); everything that groups them lives here.
"""

from __future__ import annotations

from enquiries.models.casework import Enquiry

S = Enquiry.Status

#: Waiting on someone: not finished, not resolved.
OPEN_STATUSES = (S.NEW, S.OPEN, S.AWAITING_ENQUIRER, S.ON_HOLD)
#: The deadline clock is stopped: waiting on the enquirer, or on hold.
PAUSED_STATUSES = (S.AWAITING_ENQUIRER, S.ON_HOLD)
#: Open with the deadline clock running: these can be overdue.
RUNNING_STATUSES = tuple(s for s in OPEN_STATUSES if s not in PAUSED_STATUSES)
#: Nothing more happens: no replies, no transitions except SPAM back to NEW.
FINAL_STATUSES = frozenset({S.CLOSED, S.MERGED, S.WITHDRAWN, S.SPAM})
#: The clock runs (ACTIVE) or is stopped and resumes later (PAUSED); other statuses stop it for good.
ACTIVE_CLOCK = frozenset({S.NEW, S.OPEN})
PAUSED_CLOCK = frozenset(PAUSED_STATUSES)

#: Allowed transitions. CLOSED, MERGED and WITHDRAWN are final; a reply to a closed enquiry opens a
#: new one linked to it (enquiries.mail.inbound) rather than reopening it.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.NEW: frozenset({S.OPEN, S.AWAITING_ENQUIRER, S.ON_HOLD, S.RESOLVED, S.MERGED, S.WITHDRAWN, S.SPAM}),
    S.OPEN: frozenset({S.AWAITING_ENQUIRER, S.ON_HOLD, S.RESOLVED, S.MERGED, S.WITHDRAWN, S.SPAM}),
    S.AWAITING_ENQUIRER: frozenset({S.OPEN, S.ON_HOLD, S.RESOLVED, S.CLOSED, S.MERGED, S.WITHDRAWN}),
    S.ON_HOLD: frozenset({S.OPEN, S.AWAITING_ENQUIRER, S.RESOLVED, S.MERGED, S.WITHDRAWN}),
    S.RESOLVED: frozenset({S.OPEN, S.CLOSED}),
    S.SPAM: frozenset({S.NEW}),
    S.CLOSED: frozenset(),
    S.MERGED: frozenset(),
    S.WITHDRAWN: frozenset(),
}

#: What an adviser may leave the enquiry as after replying.
AFTER_REPLY = (S.AWAITING_ENQUIRER, S.RESOLVED, S.OPEN, S.ON_HOLD)

#: The changes the enquirer may make from their own page: the form's action -> the status.
ENQUIRER_ACTIONS = {"withdraw": S.WITHDRAWN, "resolved": S.RESOLVED}


def can_reply(enquiry: Enquiry, actor=None) -> bool:
    """May `actor` add a reply to `enquiry` now? Nobody may once the enquiry is final (closed, merged,
    withdrawn or spam); a reply to a resolved enquiry reopens it. Who may see the enquiry at all is the
    selectors' question, asked before this one; `actor` is the person replying (None for an emailed
    reply, whose sender was matched to the enquiry)."""
    return enquiry.status not in FINAL_STATUSES


def enquirer_actions(enquiry: Enquiry) -> list[str]:
    """The actions the enquirer's page offers now: those whose status TRANSITIONS allows."""
    return [action for action, to in ENQUIRER_ACTIONS.items() if to in TRANSITIONS[enquiry.status]]


#: The status as the enquirer reads it (their pages and emails); staff keep the internal names
#: (Enquiry.Status labels). Spam is shown as closed: we do not call anyone's question spam to them.
ENQUIRER_STATUS_LABELS: dict[str, str] = {
    S.NEW: "Received",
    S.OPEN: "We are working on it",
    S.AWAITING_ENQUIRER: "Waiting for your reply",
    S.ON_HOLD: "On hold: we will be in touch",
    S.RESOLVED: "Answered",
    S.CLOSED: "Closed",
    S.MERGED: "Joined with your other enquiry",
    S.WITHDRAWN: "Withdrawn by you",
    S.SPAM: "Closed",
}


def enquirer_status(enquiry_or_status) -> str:
    """The plain words for an enquiry's status that its enquirer sees (the `enquirer_status` filter)."""
    status = getattr(enquiry_or_status, "status", enquiry_or_status)
    return ENQUIRER_STATUS_LABELS.get(status, "")
