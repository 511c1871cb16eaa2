"""Saving a plan straight after signing in (issue 14): "Sign in to save this plan" remembers the request,
so the plan is saved as soon as the person is back, signed in, with a message saying so; and the plan
page puts its main action and a contents list above the plan."""

from __future__ import annotations

import pytest

from pathways import models
from pathways.factories import rtp_answers
from pathways.views import ANSWERS_KEY, TICKS_KEY
from tests.conftest import PASSWORD, soup, visible_text

pytestmark = pytest.mark.django_db

KEY = "pathways_save_after_sign_in"


def set_answers(client, answers, ticks=None):
    session = client.session
    session[ANSWERS_KEY] = answers
    session[TICKS_KEY] = ticks or []
    session.save()


def test_signing_in_from_the_plan_saves_it_at_once_and_says_so(client, finder, steps, pw_user):
    set_answers(client, rtp_answers(), ticks=[steps.updating.pk])
    response = client.post(finder.url + "plan/save/", {"then": "sign-in"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert not models.SavedPlan.objects.exists()

    signed_in = client.post(response["Location"], {"login": pw_user.email, "password": PASSWORD}, follow=True)
    assert signed_in.redirect_chain[-1][0] == "/my-plan/"
    plan = models.SavedPlan.objects.get(user=pw_user)
    assert plan.answers == rtp_answers()
    assert list(plan.ticks.values_list("step_id", flat=True)) == [steps.updating.pk]
    text = visible_text(signed_in)
    assert "You are signed in and your plan is saved to your account." in text
    assert "Save your plan to your account" not in text
    assert ANSWERS_KEY not in client.session and KEY not in client.session


def test_create_an_account_goes_to_sign_up_and_remembers_the_save(client, finder, steps):
    set_answers(client, rtp_answers())
    response = client.post(finder.url + "plan/save/", {"then": "sign-up"})
    assert response["Location"].startswith("/accounts/signup/?next=")
    assert "plan%2Fsave%2F" in response["Location"]
    assert client.session[KEY] is True


def test_a_user_who_signs_up_has_the_plan_saved_when_they_arrive(client, finder, steps, pw_user):
    # Sign-up ends with the person signed in (after verifying their email) and sent on to ?next=.
    set_answers(client, rtp_answers())
    client.post(finder.url + "plan/save/", {"then": "sign-up"})
    client.force_login(pw_user)
    response = client.get(finder.url + "plan/save/", follow=True)
    assert response.redirect_chain[-1][0] == "/my-plan/"
    assert models.SavedPlan.objects.filter(user=pw_user).exists()


def test_creating_an_account_from_the_plan_saves_it_once_the_email_is_confirmed(
    client, finder, steps, mailoutbox, django_capture_on_commit_callbacks
):
    # The real road, with no force_login: "Create an account to save it", the sign-up form, the link
    # in the confirmation email opened in the same browser. The person ends signed in on their saved
    # plan, not on the home page with the plan still unsaved.
    import re

    set_answers(client, rtp_answers())
    signup = client.post(finder.url + "plan/save/", {"then": "sign-up"})["Location"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            signup,
            {
                "email": "new.returner@example.com",
                "password1": "Correct-horse-77",
                "password2": "Correct-horse-77",
            },
        )
    link = re.search(r"http://testserver(/accounts/confirm-email/[^/\s]+/)", mailoutbox[0].body).group(1)
    confirmed = client.post(link, follow=True)
    assert confirmed.redirect_chain[-1][0] == "/my-plan/"
    assert models.SavedPlan.objects.filter(user__email="new.returner@example.com").exists()
    assert "your plan is saved to your account" in visible_text(confirmed)


def test_an_existing_saved_plan_is_not_replaced_without_asking(client, finder, steps, pw_user):
    from django.utils import timezone

    from pathways import services

    services.plan_save(user=pw_user, answers=rtp_answers(nation="wales"), today=timezone.localdate())
    set_answers(client, rtp_answers(nation="england"))
    client.post(finder.url + "plan/save/", {"then": "sign-in"})
    client.force_login(pw_user)
    response = client.get(finder.url + "plan/save/")
    assert response.status_code == 200
    text = visible_text(response)
    assert "You are signed in. Your plan is not saved yet, because you already have one." in text
    assert "You already have a saved plan" in text
    assert models.SavedPlan.objects.get(user=pw_user).answers["nation"] == "wales"
    # The question is asked once: coming back later shows the plain confirmation.
    assert "You are signed in." not in visible_text(client.get(finder.url + "plan/save/"))
    client.post(finder.url + "plan/save/")
    assert models.SavedPlan.objects.get(user=pw_user).answers["nation"] == "england"


def test_arriving_signed_in_without_having_asked_still_confirms(client, finder, steps, pw_user):
    set_answers(client, rtp_answers())
    client.force_login(pw_user)
    response = client.get(finder.url + "plan/save/")
    assert response.status_code == 200
    assert "Save your plan to your account" in visible_text(response)
    assert not models.SavedPlan.objects.exists()


def test_the_remembered_save_needs_the_forms_csrf_token(finder, steps):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    session = strict.session
    session[ANSWERS_KEY] = rtp_answers()
    session.save()
    assert strict.post(finder.url + "plan/save/", {"then": "sign-in"}).status_code == 403
    assert KEY not in strict.session


def test_hostile_then_values_fall_back_to_sign_in(client, finder, steps):
    set_answers(client, rtp_answers())
    for value in ("https://evil.example/", "sign-up\r\nLocation: x", "", "<script>"):
        response = client.post(finder.url + "plan/save/", {"then": value})
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


def test_the_plan_puts_its_save_action_above_the_plan_and_a_contents_list(client, finder, steps, support):
    set_answers(client, rtp_answers(nation="wales"))
    response = client.get(finder.url + "plan/")
    page = soup(response)
    main = page.find("main")
    top = main.select_one(".sor-plan-actions-top")
    steps_heading = main.find(id="steps-heading")
    assert top is not None
    # The top copy comes before the plan's sections in the page.
    assert str(main).index("sor-plan-actions-top") < str(main).index('id="requirement-heading"')
    buttons = [b.get_text(" ", strip=True) for b in top.find_all("button")]
    assert buttons == ["Sign in to save this plan", "Create an account to save it"]
    assert top.find("form")["method"] == "post"
    nav = main.find("nav", attrs={"aria-label": "Contents of your plan"})
    assert nav is not None
    targets = [a["href"] for a in nav.find_all("a")]
    assert targets == ["#requirement-heading", "#steps-heading", "#support-heading", "#actions-heading"]
    for target in targets:
        assert page.find(id=target[1:]) is not None, target
    assert steps_heading is not None


def test_the_saved_plan_has_the_email_action_on_top(
    client, finder, steps, pw_user, django_assert_max_num_queries
):
    from django.utils import timezone

    from pathways import services

    services.plan_save(user=pw_user, answers=rtp_answers(), today=timezone.localdate())
    client.force_login(pw_user)
    client.get("/my-plan/")
    with django_assert_max_num_queries(14):
        response = client.get("/my-plan/")
    top = soup(response).select_one(".sor-plan-actions-top")
    assert [b.get_text(strip=True) for b in top.find_all("button")] == ["Email me this plan"]


def test_anonymous_plan_offers_sign_in_to_save(client, finder, steps):
    set_answers(client, rtp_answers())
    response = client.get(finder.url + "plan/")
    buttons = [
        button
        for button in soup(response).find_all("button")
        if button.get_text(strip=True) == "Sign in to save this plan"
    ]
    assert buttons
    for button in buttons:
        form = button.find_parent("form")
        assert (form["method"], form["action"]) == ("post", finder.url + "plan/save/")
        assert (button["name"], button["value"]) == ("then", "sign-in")
    followed = client.post(finder.url + "plan/save/", {"then": "sign-in"})
    assert followed["Location"].startswith("/accounts/login/?next=")
