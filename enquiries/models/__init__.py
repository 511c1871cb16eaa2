"""The enquiries app's models, in three rooms: casework, mail and feedback. Import them from here."""

from enquiries.models.casework import (
    REFERENCE_ALPHABET,
    AdviserProfile,
    Attachment,
    CannedResponse,
    Enquiry,
    Event,
    Message,
    RoutingRule,
    Team,
    TeamMembership,
    attachment_path,
    new_reference,
)
from enquiries.models.feedback import ReportingLead, SatisfactionRating
from enquiries.models.mail import DeliveryEvent, InboundEmail, OutboundEmail, Suppression, inbound_raw_path

__all__ = [
    "REFERENCE_ALPHABET",
    "AdviserProfile",
    "Attachment",
    "CannedResponse",
    "DeliveryEvent",
    "Enquiry",
    "Event",
    "InboundEmail",
    "Message",
    "OutboundEmail",
    "ReportingLead",
    "RoutingRule",
    "SatisfactionRating",
    "Suppression",
    "Team",
    "TeamMembership",
    "attachment_path",
    "inbound_raw_path",
    "new_reference",
]
