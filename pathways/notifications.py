"""The pathway finder's one email: a person's plan, to their own address, through the portal's outbox.

The plan is rendered here and handed to the outbox (enquiries.mail.outbox.queue_email), which sends
every email the portal sends: delivered by a task after commit, retried with backoff, swept if its task
is lost, listed as a dead letter if it cannot be sent, and never sent to a suppressed address.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from enquiries.mail.outbox import queue_email
from enquiries.models import OutboundEmail

from .models import SavedPlan
from .selectors import AnswersOutOfDate, plan_build, plan_ticks

logger = logging.getLogger(__name__)


def queue_plan_email(*, plan_id: int, base_url: str) -> OutboundEmail | None:
    """Queue the saved plan, rebuilt from the current steps, to the plan owner's account address.

    Returns None (and queues nothing) when the plan has gone, its owner is inactive, or its answers no
    longer fit the questions. The address is always the account's own, so the portal cannot be used to
    email anyone else. Call it inside the transaction of the request: the email is then stored before
    the person is told it is on its way, and sent after commit. The plan email has no attachment.
    """
    plan = SavedPlan.objects.select_related("user").filter(pk=plan_id).first()
    if plan is None or not plan.user.is_active:
        return None
    try:
        built = plan_build(plan.answers, today=timezone.localdate(), ticked=plan_ticks(plan), saved=plan)
    except AnswersOutOfDate:
        logger.info("Plan %s not emailed: its answers need updating", plan_id)
        return None
    context = {
        "plan": built,
        "facts": built.facts,
        "base_url": base_url.rstrip("/"),
        "user": plan.user,
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
    }
    return queue_email(
        kind=OutboundEmail.Kind.PLAN,
        to=plan.user.email,
        subject=render_to_string("pathways/email/plan_subject.txt", context),
        body_text=render_to_string("pathways/email/plan.txt", context),
        body_html=render_to_string("pathways/email/plan.html", context),
    )
