"""An email backend that fails a set number of times, then records what it sends (the provider is down,
then recovers). Used to test retries with the real delivery code."""

from django.core.mail.backends.base import BaseEmailBackend

FAILURES_LEFT = 0
SENT: list = []


class EmailBackend(BaseEmailBackend):
    def send_messages(self, messages):
        global FAILURES_LEFT
        if FAILURES_LEFT > 0:
            FAILURES_LEFT -= 1
            raise ConnectionError("provider down")
        SENT.extend(messages)
        return len(messages)


class RefusingEmailBackend(BaseEmailBackend):
    """The provider answers, but refuses the address itself (anymail raises AnymailRecipientsRefused
    when every recipient of a message is rejected)."""

    def send_messages(self, messages):
        from anymail.exceptions import AnymailRecipientsRefused

        raise AnymailRecipientsRefused("All message recipients were rejected or invalid")
