"""One answer to "can this enquiry be replied to?" (enquiries.states.can_reply), asked alike by the
enquirer's page, the services and emailed replies, for every status."""

from django.core.exceptions import ValidationError

import pytest

from enquiries import states
from enquiries.factories import AdviserFactory
from enquiries.models import Enquiry, Message
from enquiries.services import adviser_reply, enquirer_reply

from .test_views import enquirer

S = Enquiry.Status


@pytest.mark.parametrize("status", list(S))
def test_the_enquirer_s_page_the_services_and_the_answer_agree_for_every_status(
    client, submit, teams, status
):
    enquiry = submit(email="a@example.org")
    Enquiry.objects.filter(pk=enquiry.pk).update(status=status)
    enquiry.refresh_from_db()
    adviser = AdviserFactory(email="eng@sor.example", team=teams["rtp_england"])
    user = enquirer("a@example.org")
    client.force_login(user)
    open_for_replies = states.can_reply(enquiry, user)

    page = client.get(f"/my-enquiries/{enquiry.reference}/").content.decode()
    assert ("Send reply" in page) is open_for_replies
    assert open_for_replies is (status not in states.FINAL_STATUSES)

    if open_for_replies:
        adviser_reply(enquiry=enquiry, author=adviser, body="An answer.", then=S.AWAITING_ENQUIRER)
        enquiry.refresh_from_db()
        enquirer_reply(enquiry=enquiry, user=user, body="Thanks.")
        assert enquiry.messages.filter(kind=Message.Kind.INBOUND, body="Thanks.").exists()
    else:
        with pytest.raises(ValidationError):
            adviser_reply(enquiry=enquiry, author=adviser, body="An answer.")
        with pytest.raises(ValidationError):
            enquirer_reply(enquiry=enquiry, user=user, body="Thanks.")


@pytest.mark.parametrize("status", list(S))
def test_the_enquirer_is_offered_only_the_changes_the_transitions_allow(client, submit, status):
    enquiry = submit(email="a@example.org")
    Enquiry.objects.filter(pk=enquiry.pk).update(status=status)
    client.force_login(enquirer("a@example.org"))

    page = client.get(f"/my-enquiries/{enquiry.reference}/").content.decode()

    for action, to in states.ENQUIRER_ACTIONS.items():
        offered = f'name="action" value="{action}"' in page
        assert offered is (to in states.TRANSITIONS[status]), (status, action)
