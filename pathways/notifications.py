"""The only place that sends email for the pathway finder: a person's plan, to their own address."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone

from .models import SavedPlan
from .selectors import AnswersOutOfDate, plan_build, plan_ticks

logger = logging.getLogger(__name__)


def send_plan(*, plan_id: int, base_url: str) -> bool:
    """Email the saved plan, rebuilt from the current steps, to the plan owner's account address.

    Returns False (and sends nothing) when the plan has gone or its answers no longer fit the questions.
    The address is always the account's own, so the portal cannot be used to email anyone else.
    """
    plan = SavedPlan.objects.select_related("user").filter(pk=plan_id).first()
    if plan is None or not plan.user.is_active:
        return False
    try:
        built = plan_build(plan.answers, today=timezone.localdate(), ticked=plan_ticks(plan), saved=plan)
    except AnswersOutOfDate:
        logger.info("Plan %s not emailed: its answers need updating", plan_id)
        return False
    context = {
        "plan": built,
        "facts": built.facts,
        "base_url": base_url.rstrip("/"),
        "user": plan.user,
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
    }
    subject = " ".join(render_to_string("pathways/email/plan_subject.txt", context).split())[:200]
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("pathways/email/plan.txt", context),
        to=[plan.user.email],
    )
    message.attach_alternative(render_to_string("pathways/email/plan.html", context), "text/html")
    message.send()
    return True
