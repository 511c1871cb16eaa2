"""Editorial governance: the groups, the moderation workflow on guidance, and the review-overdue report."""

import datetime

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from wagtail.models import GroupPagePermission, Page, WorkflowState

import pytest

from cms.factories import GuidancePageFactory
from tests.conftest import mfa_login, visible_text

pytestmark = pytest.mark.django_db

REPORT_URL = "/admin/reports/review-overdue/"


def _perms(group_name):
    group = Group.objects.get(name=group_name)
    return set(group.permissions.values_list("content_type__app_label", "codename"))


def test_editors_group_can_reach_the_admin_and_manage_resources_but_not_publish_them():
    perms = _perms("Editors")
    assert ("wagtailadmin", "access_admin") in perms
    assert {("cms", "add_resource"), ("cms", "change_resource"), ("cms", "view_resource")} <= perms
    assert ("cms", "publish_resource") not in perms
    assert ("cms", "delete_resource") not in perms


def test_moderators_group_can_reach_the_admin_and_publish_resources():
    perms = _perms("Moderators")
    assert ("wagtailadmin", "access_admin") in perms
    assert {
        ("cms", "add_resource"),
        ("cms", "change_resource"),
        ("cms", "delete_resource"),
        ("cms", "view_resource"),
        ("cms", "publish_resource"),
    } <= perms


def test_managers_group_exists_without_admin_access():
    assert ("wagtailadmin", "access_admin") not in _perms("Managers")


def test_editors_and_moderators_have_page_permissions_from_the_tree_root():
    root = Page.get_first_root_node()
    editor_page_perms = set(
        GroupPagePermission.objects.filter(group__name="Editors", page=root).values_list(
            "permission__codename", flat=True
        )
    )
    moderator_page_perms = set(
        GroupPagePermission.objects.filter(group__name="Moderators", page=root).values_list(
            "permission__codename", flat=True
        )
    )
    assert {"add_page", "change_page"} <= editor_page_perms
    assert "publish_page" not in editor_page_perms
    assert {"add_page", "change_page", "publish_page"} <= moderator_page_perms


def test_editor_cannot_publish_guidance_directly_but_a_moderator_can(rtp_hub, editor_user, moderator_user):
    page = GuidancePageFactory(parent=rtp_hub, live=False)
    assert page.permissions_for_user(editor_user).can_edit()
    assert not page.permissions_for_user(editor_user).can_publish()
    assert page.permissions_for_user(moderator_user).can_publish()


def test_guidance_goes_through_moderation_and_approval_publishes_it(
    client, rtp_hub, editor_user, moderator_user
):
    page = GuidancePageFactory(parent=rtp_hub, title="Visa steps", slug="visa-steps", live=False)
    page.search_description = "From certificate of sponsorship to arrival."
    page.save_revision(user=editor_user)

    workflow = page.get_workflow()
    assert workflow is not None, "no moderation workflow applies to guidance"
    workflow_state = workflow.start(page, editor_user)

    page.refresh_from_db()
    assert page.workflow_in_progress
    assert page.status_string == "in moderation"
    assert not page.live
    assert client.get("/returning-to-practice/visa-steps/").status_code == 404

    task_state = workflow_state.current_task_state
    task = task_state.task.specific
    assert task.get_actions(page, editor_user) == [], "an editor can approve their own submission"
    assert "approve" in {name for name, *_ in task.get_actions(page, moderator_user)}

    task.on_action(task_state, moderator_user, "approve")

    workflow_state.refresh_from_db()
    page.refresh_from_db()
    assert workflow_state.status == WorkflowState.STATUS_APPROVED
    assert page.live
    assert not page.workflow_in_progress
    assert page.search_description == "From certificate of sponsorship to arrival."
    assert page.live_revision.user == editor_user
    response = client.get("/returning-to-practice/visa-steps/")
    assert response.status_code == 200
    assert "Visa steps" in visible_text(response)


def test_moderator_can_request_changes_and_the_page_stays_unpublished(rtp_hub, editor_user, moderator_user):
    page = GuidancePageFactory(parent=rtp_hub, live=False)
    page.save_revision(user=editor_user)
    workflow_state = page.get_workflow().start(page, editor_user)
    task_state = workflow_state.current_task_state

    task_state.task.specific.on_action(task_state, moderator_user, "reject")

    workflow_state.refresh_from_db()
    page.refresh_from_db()
    assert workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert not page.live


@pytest.fixture
def review_pages(rtp_hub):
    today = timezone.localdate()
    overdue = GuidancePageFactory(
        parent=rtp_hub,
        title="Overdue guidance on fees",
        last_reviewed=today - datetime.timedelta(days=400),
        next_review_due=today - datetime.timedelta(days=35),
        content_owner="Professional Policy",
    )
    current = GuidancePageFactory(
        parent=rtp_hub,
        title="Current guidance on supervisors",
        last_reviewed=today - datetime.timedelta(days=30),
        next_review_due=today + datetime.timedelta(days=335),
    )
    return overdue, current


def test_review_report_lists_overdue_guidance_and_not_current_guidance(client, review_pages, moderator_user):
    mfa_login(client, moderator_user)

    response = client.get(REPORT_URL)

    assert response.status_code == 200
    text = visible_text(response)
    assert "Overdue guidance on fees" in text
    assert "Current guidance on supervisors" not in text


def test_review_report_results_fragment_lists_the_same(client, review_pages, moderator_user):
    mfa_login(client, moderator_user)
    text = visible_text(client.get(REPORT_URL + "results/"))
    assert "Overdue guidance on fees" in text
    assert "Current guidance on supervisors" not in text


def test_review_report_exports_as_csv(client, review_pages, moderator_user):
    mfa_login(client, moderator_user)

    response = client.get(REPORT_URL, {"export": "csv"})

    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert "Overdue guidance on fees" in body
    assert "Current guidance on supervisors" not in body
    assert "Next review due" in body.splitlines()[0]


def test_review_report_sends_anonymous_users_to_log_in(client, review_pages):
    response = client.get(REPORT_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "next=/admin/reports/review-overdue/" in response["Location"].replace("%2F", "/")


def test_review_report_is_refused_to_an_ordinary_user(client, review_pages, user):
    client.force_login(user)
    response = client.get(REPORT_URL)
    assert response.status_code in (302, 403)
    assert "Overdue guidance on fees" not in visible_text(response)


@pytest.mark.parametrize("ordering", ["", "title", "-title", "resource_type"])
def test_an_editor_can_search_the_resources_in_any_order(client, editor_user, ordering):
    """The admin's search box on the resource listing answered 500 when sorted: the search index cannot
    sort by a field it does not hold as a filter field."""
    from cms.factories import ResourceFactory

    ResourceFactory(title="First 90 days checklist")
    mfa_login(client, editor_user)
    for path in ("list", "list_results"):
        response = client.get(
            reverse(f"wagtailsnippets_cms_resource:{path}"), {"q": "checklist", "ordering": ordering}
        )
        assert response.status_code == 200, path
        assert "First 90 days checklist" in visible_text(response)
