"""Template filters for casework pages and emails: one way to show a due time and one way to name a
status to an enquirer.

    {% load enquiries_tags %}
    An adviser will reply {{ enquiry.due_at|due_by }}.      -> "by 3pm on Tuesday 8 December"
    {{ enquiry|enquirer_status }}                           -> "Waiting for your reply"
    Sent {{ message.created_at|said_at }}                   -> "Sent 8 December 2026, 8:02pm"
"""

from django import template

from enquiries import deadlines, states

register = template.Library()


@register.filter
def due_by(moment):
    """A deadline in UK time as people say it (enquiries.deadlines.due_by); "" when there is none."""
    return deadlines.due_by(moment)


@register.filter
def said_at(moment):
    """When something happened, in UK time, in due_by's words (enquiries.deadlines.said_at)."""
    return deadlines.said_at(moment)


@register.filter
def enquirer_status(enquiry_or_status):
    """The plain words for a status that the enquirer sees (enquiries.states.ENQUIRER_STATUS_LABELS)."""
    return states.enquirer_status(enquiry_or_status)
