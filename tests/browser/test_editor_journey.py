"""An editor signs in, edits a guidance page in the Wagtail admin and submits it for moderation.

Staff accounts need two-factor authentication for the admin, so the editor has an authenticator app
(TOTP) and signs in with email, password and the app's code, all through allauth's pages.

axe-core: the sign-in page (ours, allauth's form in the portal's templates) and the public pages must
have no violations. The Wagtail admin screens are Wagtail's own markup, not ours to change: they are
checked too, but what axe finds there is reported as a warning in the test summary rather than failing
the journey.
"""

import re
import warnings

from wagtail.models import WorkflowState

import pytest
from playwright.sync_api import expect

from tests.browser.axe import axe_violations, describe_violations
from tests.browser.content import MODERATION_WORKFLOW, PASSWORD, activate_totp, make_user, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _report_admin_violations(page, where):
    violations = axe_violations(page)
    if violations:
        warnings.warn(
            "Wagtail admin (reported, not failed): " + describe_violations(violations, where=where),
            stacklevel=2,
        )


def test_editor_edits_a_guidance_page_and_submits_it_for_moderation(page, portal_site, axe_check):
    editor = make_user(
        "editor@demo.sor.example", groups=("Editors",), is_staff=True, first_name="Erin", last_name="Editor"
    )
    secret = activate_totp(editor)
    guidance = portal_site.supervised_practice
    old_title = guidance.title
    new_title = "Finding supervised practice and a supervisor"

    # The admin sends an anonymous visitor to the portal's one sign-in page.
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=(/|%2F)admin(/|%2F)"))
    axe_check(page, where="sign-in page")
    page.get_by_label(re.compile(r"^\s*email", re.IGNORECASE)).fill(editor.email)
    page.get_by_label(re.compile(r"^\s*password", re.IGNORECASE)).fill(PASSWORD)
    page.get_by_role("button", name=re.compile(r"^\s*sign in\s*$", re.IGNORECASE)).click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    axe_check(page, where="two-factor sign-in page")
    page.get_by_label(re.compile(r"code", re.IGNORECASE)).fill(totp_code(secret))
    page.get_by_role("button", name=re.compile(r"^\s*sign in\s*$", re.IGNORECASE)).click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    _report_admin_violations(page, "the Wagtail dashboard")

    page.goto(f"/admin/pages/{guidance.pk}/edit/")
    title_field = page.locator("#id_title")
    expect(title_field).to_have_value(old_title)
    _report_admin_violations(page, "the Wagtail page editor")
    title_field.fill(new_title)

    footer = page.locator("footer")
    footer.get_by_role("button", name="More actions").click()
    footer.get_by_role("button", name=f"Submit to {MODERATION_WORKFLOW}").click()

    expect(page.get_by_text(f"Page '{new_title}' has been submitted for moderation.")).to_be_visible()

    # Stored: a workflow in progress, requested by the editor, on a revision with the new title.
    guidance.refresh_from_db()
    state = WorkflowState.objects.get(object_id=str(guidance.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    assert state.requested_by == editor
    assert state.workflow.name == MODERATION_WORKFLOW
    assert guidance.draft_title == new_title
    assert guidance.title == old_title  # the live page is unchanged until a moderator approves

    # Shown: the editor sees the page as in moderation.
    page.goto(f"/admin/pages/{guidance.pk}/edit/")
    expect(page.locator("main").get_by_role("status")).to_contain_text("awaiting moderation")

    # And the public still sees the approved version.
    page.goto(guidance.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(old_title)
    axe_check(page, where="the guidance page while in moderation")
