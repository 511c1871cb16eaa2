"""Saving a plan to an account, ticking steps off, rebuilding it from new answers, and emailing it."""

from __future__ import annotations

import datetime

from django.utils import timezone

import pytest

from enquiries.mail import outbox
from enquiries.models import OutboundEmail
from pathways import models, services
from pathways.factories import rtp_answers
from pathways.views import ANSWERS_KEY, TICKS_KEY
from tests.conftest import PASSWORD, link_hrefs, visible_text
from tests.pathways.helpers import step_titles

pytestmark = pytest.mark.django_db


def set_answers(client, answers, ticks=None):
    session = client.session
    session[ANSWERS_KEY] = answers
    if ticks is not None:
        session[TICKS_KEY] = ticks
    session.save()


def ticked_titles(response) -> list[str]:
    return step_titles(response, done_only=True)


def save_plan(user, answers=None, ticked=()):
    return services.plan_save(
        user=user, answers=answers or rtp_answers(), ticked=ticked, today=timezone.localdate()
    )


def test_saving_needs_an_account(client, finder, steps):
    set_answers(client, rtp_answers())
    response = client.get(finder.url + "plan/save/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert "plan/save/" in response["Location"]
    assert client.post(finder.url + "plan/save/").status_code == 302
    assert not models.SavedPlan.objects.exists()


def test_saving_keeps_the_answers_and_the_ticks_made_before_signing_in(client, finder, steps, pw_user):
    set_answers(client, rtp_answers(), ticks=[steps.updating.pk, steps.visa.pk])
    client.force_login(pw_user)
    confirm = client.get(finder.url + "plan/save/")
    assert confirm.status_code == 200
    assert "Save your plan to your account" in visible_text(confirm)
    response = client.post(finder.url + "plan/save/")
    assert response["Location"] == "/my-plan/"
    plan = models.SavedPlan.objects.get(user=pw_user)
    assert plan.answers == rtp_answers()
    # The visa step is not in a returner's plan, so its tick is not carried over.
    assert list(plan.ticks.values_list("step_id", flat=True)) == [steps.updating.pk]
    page = client.get("/my-plan/")
    assert "Your saved plan" in visible_text(page)
    assert ticked_titles(page) == ["Work out your updating"]
    assert "Your plan is saved to your account" in visible_text(page)
    # The session copy is forgotten once saved.
    assert ANSWERS_KEY not in client.session


def test_the_plan_survives_signing_out_and_in(client, finder, steps, pw_user):
    client.post("/accounts/login/", {"login": pw_user.email, "password": PASSWORD})
    set_answers(client, rtp_answers())
    client.post(finder.url + "plan/save/")
    client.post(f"/my-plan/steps/{steps.heiw.pk}/", {"done": "1"})
    before = visible_text(client.get("/my-plan/"))
    client.post("/accounts/logout/")
    assert client.get("/my-plan/")["Location"].startswith("/accounts/login/")
    response = client.post("/accounts/login/", {"login": pw_user.email, "password": PASSWORD})
    assert response.status_code == 302
    after = client.get("/my-plan/")
    assert ticked_titles(after) == ["Agree HEIW bursary funding"]
    assert "1 of 5 steps done" in visible_text(after)
    assert (
        visible_text(after).split("Your saved plan", 1)[1][:2000]
        == before.split("Your saved plan", 1)[1][:2000]
    )


def test_ticking_a_saved_step_is_a_post_for_a_step_in_the_plan(client, finder, steps, pw_user):
    save_plan(pw_user)
    client.force_login(pw_user)
    assert client.get(f"/my-plan/steps/{steps.updating.pk}/").status_code == 405
    response = client.post(f"/my-plan/steps/{steps.updating.pk}/", {"done": "1"})
    assert response["Location"] == f"/my-plan/#step-{steps.updating.pk}"
    assert models.StepTick.objects.filter(plan__user=pw_user, step=steps.updating).exists()
    assert client.post(f"/my-plan/steps/{steps.visa.pk}/", {"done": "1"}).status_code == 404
    assert client.post(f"/my-plan/steps/{steps.draft.pk}/", {"done": "1"}).status_code == 404
    client.post(f"/my-plan/steps/{steps.updating.pk}/", {"done": "0"})
    assert not models.StepTick.objects.filter(plan__user=pw_user).exists()


def test_changing_answers_rebuilds_the_plan_and_keeps_ticks_on_steps_that_still_apply(
    client, finder, steps, pw_user
):
    save_plan(pw_user, rtp_answers(nation="wales"), ticked=[steps.updating.pk, steps.heiw.pk, steps.join.pk])
    client.force_login(pw_user)
    response = client.post("/my-plan/change/")
    assert response["Location"] == finder.url + "check-your-answers/"
    check = client.get(response["Location"])
    assert "Update my saved plan" in visible_text(check)
    client.post(finder.url + "questions/nation/?change=1", {"nation": "england"})
    response = client.post(finder.url + "check-your-answers/")
    assert response["Location"] == "/my-plan/"
    page = client.get("/my-plan/")
    text = visible_text(page)
    assert "Register with the NHS England programme" in text
    assert "Agree HEIW bursary funding" not in text
    assert sorted(ticked_titles(page)) == ["Join the Society of Radiographers", "Work out your updating"]
    assert "Steps you had ticked that still apply are still ticked" in text
    plan = models.SavedPlan.objects.get(user=pw_user)
    assert plan.answers["nation"] == "england"
    assert set(plan.ticks.values_list("step_id", flat=True)) == {steps.updating.pk, steps.join.pk}


def test_someone_with_no_saved_plan_is_pointed_to_the_finder(client, finder, pw_user):
    client.force_login(pw_user)
    response = client.get("/my-plan/")
    assert response.status_code == 200
    assert "You have not saved a plan yet" in visible_text(response)
    assert finder.url in link_hrefs(response, "Use the pathway finder")
    for url in ("/my-plan/print/", "/my-plan/delete/"):
        assert client.get(url).status_code == 404
    assert client.post("/my-plan/email/").status_code == 404


def test_each_person_sees_only_their_own_plan(client, finder, steps, pw_user, other_user):
    save_plan(pw_user, rtp_answers(nation="wales"), ticked=[steps.heiw.pk])
    client.force_login(other_user)
    response = client.get("/my-plan/")
    assert "You have not saved a plan yet" in visible_text(response)
    assert client.post(f"/my-plan/steps/{steps.heiw.pk}/", {"done": "0"}).status_code == 404
    assert models.StepTick.objects.filter(plan__user=pw_user).count() == 1


def test_anonymous_people_are_sent_to_sign_in_for_saved_pages(client, finder):
    for url in ("/my-plan/", "/my-plan/print/", "/my-plan/log/", "/my-plan/log/export.csv"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url


def test_saved_answers_that_no_longer_fit_ask_for_a_check(client, finder, steps, pw_user):
    models.SavedPlan.objects.create(user=pw_user, answers={**rtp_answers(), "nation": "narnia"})
    client.force_login(pw_user)
    response = client.get("/my-plan/")
    assert response.status_code == 200
    assert "Check my answers" in visible_text(response)
    client.post("/my-plan/change/")
    assert client.get(finder.url + "check-your-answers/")["Location"] == finder.url + "questions/nation/"


def test_emailing_the_plan_sends_it_to_the_account_address_after_commit(
    client, finder, steps, pw_user, mailoutbox, django_capture_on_commit_callbacks
):
    save_plan(pw_user, ticked=[steps.updating.pk])
    client.force_login(pw_user)
    assert client.get("/my-plan/email/").status_code == 405
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post("/my-plan/email/", {"to": "attacker@example.net"})
    assert response["Location"] == "/my-plan/"
    assert len(callbacks) == 1
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == [pw_user.email]
    assert "Your plan" in email.subject
    assert "1. Work out your updating (done)" in email.body
    assert "60 days (420 hours)" in email.body
    assert steps.updating.guidance_page.full_url in email.body
    html = email.alternatives[0][0]
    assert "Agree HEIW bursary funding" in html
    assert "http://testserver/my-plan/" in email.body
    assert email.attachments == []
    assert f"We are emailing your plan to {pw_user.email}" in visible_text(client.get("/my-plan/"))
    # It went through the outbox, as every email does: one row, sent, with our own Message-ID.
    row = OutboundEmail.objects.get()
    assert (row.kind, row.to, row.status, row.attempts, row.enquiry) == (
        OutboundEmail.Kind.PLAN,
        pw_user.email,
        OutboundEmail.Status.SENT,
        1,
        None,
    )
    assert (row.subject, row.body_text, row.body_html) == (email.subject, email.body, html)
    assert email.extra_headers["Message-ID"] == row.header_message_id


def test_the_plan_email_is_stored_in_the_request_so_a_lost_task_does_not_lose_it(
    client, finder, steps, pw_user, mailoutbox, django_capture_on_commit_callbacks
):
    """The delivery task never runs (a worker restart, a locked database): the row made in the request
    is still there, and the minute sweep sends it."""
    save_plan(pw_user, ticked=[steps.updating.pk])
    client.force_login(pw_user)
    with django_capture_on_commit_callbacks(execute=False):
        client.post("/my-plan/email/")
    row = OutboundEmail.objects.get(kind=OutboundEmail.Kind.PLAN)
    assert row.status == OutboundEmail.Status.QUEUED and mailoutbox == []
    later = row.created_at + outbox.QUEUED_GRACE + datetime.timedelta(minutes=1)
    assert outbox.deliver_due_retries(now=later) == 1
    assert [m.to for m in mailoutbox] == [[pw_user.email]]
    assert "1. Work out your updating (done)" in mailoutbox[0].body


def test_a_plan_whose_answers_no_longer_fit_is_not_emailed_and_the_person_is_told(
    client, finder, steps, pw_user, mailoutbox, django_capture_on_commit_callbacks
):
    plan = save_plan(pw_user)
    models.SavedPlan.objects.filter(pk=plan.pk).update(answers={**plan.answers, "nation": "atlantis"})
    client.force_login(pw_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/my-plan/email/", follow=True)
    assert "Your saved answers need checking before we can email your plan" in visible_text(response)
    assert "We are emailing your plan" not in visible_text(response)
    assert not OutboundEmail.objects.exists() and mailoutbox == []


def test_nothing_is_emailed_for_a_plan_deleted_before_the_task_runs(pw_user, steps, mailoutbox):
    """A plan-email task queued before the outbox (or by anything else) whose plan has since gone."""
    from pathways.tasks import email_plan

    plan = save_plan(pw_user)
    plan_id = plan.pk
    plan.delete()
    assert email_plan.call(plan_id=plan_id, base_url="http://testserver/") is False
    assert not OutboundEmail.objects.exists() and mailoutbox == []


def test_a_plan_email_task_queued_before_the_outbox_still_sends_through_it(
    pw_user, steps, mailoutbox, django_capture_on_commit_callbacks
):
    from pathways.tasks import email_plan

    plan = save_plan(pw_user)
    with django_capture_on_commit_callbacks(execute=True):
        assert email_plan.call(plan_id=plan.pk, base_url="http://testserver/") is True
    assert OutboundEmail.objects.get().status == OutboundEmail.Status.SENT
    assert [m.to for m in mailoutbox] == [[pw_user.email]]


def test_deleting_the_saved_plan_asks_first(client, finder, steps, pw_user):
    save_plan(pw_user, ticked=[steps.updating.pk])
    client.force_login(pw_user)
    assert "Delete your saved plan?" in visible_text(client.get("/my-plan/delete/"))
    assert models.SavedPlan.objects.filter(user=pw_user).exists()
    response = client.post("/my-plan/delete/")
    assert response["Location"] == "/my-plan/"
    assert not models.SavedPlan.objects.exists()
    assert not models.StepTick.objects.exists()


def test_printable_saved_plan(client, finder, steps, pw_user):
    save_plan(pw_user)
    client.force_login(pw_user)
    response = client.get("/my-plan/print/")
    assert response.status_code == 200
    assert "Agree HEIW bursary funding" in visible_text(response)
    assert "private" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
