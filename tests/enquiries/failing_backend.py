"""Email backends for fault tests, used with the real delivery code: a provider that fails a set number
of times then recovers, one that refuses the address, one that is down until told otherwise, and one
after whose send the worker dies (the last two built on anymail's test backend, so what the provider
accepted is in django.core.mail.outbox)."""

from django.core.mail.backends.base import BaseEmailBackend

from anymail.backends.test import EmailBackend as AnymailTestBackend

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


class WorkerKilled(BaseException):  # noqa: N818 - named for what it simulates
    """The worker process dying (SIGKILL, out of memory): not an Exception, so no `except Exception`
    in the delivery code sees it, just as nothing runs in a process that has been killed."""


#: How many sends CrashAfterSendBackend lets through and then "dies" after.
CRASHES_LEFT = 0


class CrashAfterSendBackend(AnymailTestBackend):
    """The provider accepts the email (it is in django.core.mail.outbox), then the worker dies before
    the outbox row is marked sent."""

    def send_messages(self, messages):
        global CRASHES_LEFT
        sent = super().send_messages(messages)
        if CRASHES_LEFT > 0:
            CRASHES_LEFT -= 1
            raise WorkerKilled("the worker died after the provider accepted the email")
        return sent


#: While True, ProviderDownBackend answers every send with an error and accepts nothing.
DOWN = False


class ProviderDownBackend(AnymailTestBackend):
    """anymail's test backend behind a provider that can be down (nothing accepted, an API error)."""

    def post_to_esp(self, payload, message):
        if DOWN:
            from anymail.exceptions import AnymailAPIError

            raise AnymailAPIError("503 Service Unavailable: the provider is down")
        return super().post_to_esp(payload, message)
