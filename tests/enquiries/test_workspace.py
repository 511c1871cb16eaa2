"""The adviser workspace in the Wagtail admin: inboxes, the enquiry page and its actions, visibility."""

from __future__ import annotations

import datetime
import re
import time
import uuid
from urllib.parse import parse_qs, unquote_plus, urlsplit

from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from enquiries import selectors, services, states
from enquiries.factories import AdviserFactory, CannedResponseFactory, TeamLeadFactory
from enquiries.models import AdviserProfile, CannedResponse, Enquiry, Event, Message, OutboundEmail, Team
from enquiries.selectors import ADVISERS_GROUP, TEAM_LEADS_GROUP
from enquiries.workspace.inbox import SAVED_SEARCH_LIMIT, SAVED_SEARCH_SECONDS, SAVED_SEARCHES_KEY
from portal.models import User
from tests.conftest import error_summary_text, field_error_text, mfa_login, soup, visible_text

pytestmark = pytest.mark.django_db

S = Enquiry.Status
INBOX = "/admin/enquiries/"


def workspace(enquiry) -> str:
    return f"/admin/enquiries/{enquiry.pk}/"


def staff(user, *groups: str):
    """Give a member of staff the workspace groups and an authenticator app (the admin needs MFA)."""
    for name in groups or (ADVISERS_GROUP,):
        user.groups.add(Group.objects.get(name=name))
    TOTP.activate(user, generate_totp_secret())
    return user


def client_for(user, **kwargs) -> Client:
    return mfa_login(Client(**kwargs), user)


@pytest.fixture
def ada(teams):
    """An adviser in RtP England."""
    return AdviserFactory(email="ada@sor.example", team=teams["rtp_england"], last_name="Adviser")


@pytest.fixture
def ben(teams):
    """An adviser in the IR team (another team)."""
    return AdviserFactory(email="ben@sor.example", team=teams["ir"])


@pytest.fixture
def enquiry(ada, submit):
    """An RtP England enquiry, assigned to Ada on submission."""
    return submit(name="Sam Returner", subject="How many updating days do I need?")


def post(client, enquiry, action, data=None, **kwargs):
    return client.post(workspace(enquiry), {"action": action, **(data or {})}, **kwargs)


def search_url(client, text, inbox="", **filters) -> str:
    """Search as the inbox's form does (a POST); returns where it redirects: the inbox with the
    filters and a token for the search, never the search text."""
    response = client.post(INBOX + inbox, {"q": text, **filters})
    assert response.status_code == 302, response.status_code
    location = response["Location"]
    assert location.startswith(INBOX + inbox + "?") or location == INBOX + inbox
    assert not text or text.lower() not in unquote_plus(location).lower()
    return location


def search(client, text, inbox="", **filters):
    """The inbox after a search (the redirect followed)."""
    return client.get(search_url(client, text, inbox, **filters))


def no_search_saved(client) -> bool:
    return SAVED_SEARCHES_KEY not in client.session


# --------------------------------------------------------------------------------------------------
# Inboxes
# --------------------------------------------------------------------------------------------------


def test_the_adviser_finds_their_new_enquiry_under_mine(ada, enquiry):
    response = client_for(ada).get(INBOX)
    assert response.status_code == 200
    text = visible_text(response)
    assert enquiry.reference in text and "How many updating days do I need?" in text
    assert "Sam Returner" in text
    link = soup(response).find("a", string=re.compile(enquiry.reference))
    assert link["href"] == workspace(enquiry)


def test_each_inbox_holds_what_its_name_says(ada, teams, submit, nations, pathways):
    now = timezone.now()
    mine = submit(subject="Mine and running")
    unassigned = submit(subject="Nobody has it")
    Enquiry.objects.filter(pk=unassigned.pk).update(assignee=None)
    overdue = submit(subject="Past its deadline")
    Enquiry.objects.filter(pk=overdue.pk).update(due_at=now - datetime.timedelta(hours=2))
    soon = submit(subject="Due within the day")
    Enquiry.objects.filter(pk=soon.pk).update(due_at=now + datetime.timedelta(minutes=30))
    waiting = submit(subject="Waiting on the enquirer")
    services.enquiry_transition(enquiry=waiting, to=S.AWAITING_ENQUIRER)
    done = submit(subject="Already resolved")
    services.enquiry_transition(enquiry=done, to=S.RESOLVED)
    other_team = submit(subject="Scottish question", nation=nations["scotland"])

    client = client_for(ada)
    expected = {
        "": {mine, overdue, soon, waiting},  # mine: open and assigned to Ada
        "unassigned/": {unassigned},
        "all/": {mine, unassigned, overdue, soon, waiting},
        "due-soon/": {soon},
        "overdue/": {overdue},
        "awaiting/": {waiting},
    }
    for path, wanted in expected.items():
        text = visible_text(client.get(INBOX + path))
        shown = {
            e for e in [mine, unassigned, overdue, soon, waiting, done, other_team] if e.reference in text
        }
        assert shown == wanted, path

    counts = selectors.inbox_counts(ada, now=timezone.now())
    assert counts == {"mine": 4, "unassigned": 1, "all": 5, "due-soon": 1, "overdue": 1, "awaiting": 1}


def test_the_inbox_counts_are_in_the_menu_and_on_the_page(ada, enquiry):
    html = client_for(ada).get(INBOX).content.decode()
    assert "Mine (1)" in html  # the sidebar's menu data and the inbox links both carry the count
    assert "Awaiting enquirer (0)" in html
    nav = soup(html).find("nav", attrs={"aria-label": "Inboxes"})
    assert nav.find("a", attrs={"aria-current": "page"}).get_text(strip=True) == "Mine (1)"


def test_search_finds_by_reference_name_and_email_and_filters_narrow_the_list(ada, submit):
    first = submit(name="Priya Patel", email="priya@example.org", subject="Funding in England")
    second = submit(name="Tom Jones", email="tom@example.org", subject="Supervisor rules")
    client = client_for(ada)
    for query, wanted in [(first.reference.lower(), first), ("Patel", first), ("tom@example", second)]:
        text = visible_text(search(client, query))
        assert wanted.reference in text
        other = second if wanted == first else first
        assert other.reference not in text
    services.enquiry_transition(enquiry=second, to=S.ON_HOLD)
    text = visible_text(client.get(INBOX, {"status": "on_hold"}))
    assert second.reference in text and first.reference not in text
    services.enquiry_assign(enquiry=first, assignee=None)
    text = visible_text(client.get(INBOX + "all/", {"assignee": "none"}))
    assert first.reference in text and second.reference not in text


def test_all_my_teams_shows_finished_enquiries_only_when_searching_or_choosing_a_status(ada, submit):
    done = submit(subject="An old question")
    services.enquiry_transition(enquiry=done, to=S.RESOLVED)
    services.enquiry_transition(enquiry=done, to=S.CLOSED)
    client = client_for(ada)
    assert done.reference not in visible_text(client.get(INBOX + "all/"))
    assert done.reference in visible_text(search(client, done.reference, "all/"))
    assert done.reference in visible_text(client.get(INBOX + "all/", {"status": "closed"}))


def test_overdue_and_due_soon_enquiries_are_flagged_in_the_list(ada, submit):
    late = submit(subject="Late one")
    Enquiry.objects.filter(pk=late.pk).update(due_at=timezone.now() - datetime.timedelta(days=1))
    tree = soup(client_for(ada).get(INBOX))
    row = next(tr for tr in tree.find_all("tr") if late.reference in tr.get_text())
    assert "Overdue" in row.get_text()


def test_the_inbox_can_be_downloaded_as_csv(ada, enquiry):
    response = client_for(ada).get(INBOX, {"export": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    header, row = body.splitlines()[:2]
    assert header.startswith("Reference,Status,Team,Assigned to")
    assert row.startswith(f"{enquiry.reference},New,RtP England,Ada Adviser,HCPC registration,England,")
    received = timezone.localtime(enquiry.created_at).strftime("%Y-%m-%d %H:%M")
    assert f",{received}," in row


def test_another_teams_adviser_sees_none_of_it(ben, enquiry):
    client = client_for(ben)
    for path in ["", "unassigned/", "all/", "due-soon/", "overdue/", "awaiting/"]:
        assert enquiry.reference not in visible_text(client.get(INBOX + path))
    body = b"".join(client.get(INBOX + "all/", {"export": "csv"}).streaming_content).decode()
    assert enquiry.reference not in body


# --------------------------------------------------------------------------------------------------
# Searching keeps the search text out of every address
# --------------------------------------------------------------------------------------------------


def test_a_search_is_posted_and_the_inbox_address_carries_only_a_token(ada, submit):
    priya = submit(name="Priya Patel", email="priya@example.org", hcpc_number="RA654321")
    tom = submit(name="Tom Jones", email="tom@example.org")
    client = client_for(ada)
    location = search_url(client, "priya@example.org")
    assert re.fullmatch(r"/admin/enquiries/\?search=[A-Za-z0-9_-]{6,32}", location)
    response = client.get(location)
    text = visible_text(response)
    assert priya.reference in text and tom.reference not in text
    assert "1 enquiry matches your search and filters." in text
    # The box shows what was searched for (in the page, not in its address).
    assert soup(response).find("input", attrs={"name": "q"})["value"] == "priya@example.org"
    form = soup(response).find("form", attrs={"role": "search"})
    assert form["method"] == "post" and form["action"] == INBOX
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"})
    for found in ["Priya Patel", "RA654321"]:
        assert priya.reference in visible_text(search(client, found))


def test_searching_again_for_the_same_text_gives_the_same_token_and_old_searches_are_forgotten(ada, submit):
    submit()
    client = client_for(ada)
    first = search_url(client, "Sam Returner")
    assert search_url(client, "Sam Returner") == first
    assert search_url(client, "someone else") != first
    for n in range(SAVED_SEARCH_LIMIT):
        search_url(client, f"search {n}")
    response = client.get(first)
    assert response.status_code == 302 and response["Location"] == INBOX  # forgotten: the oldest goes


def test_filters_and_sort_order_posted_with_a_search_go_into_the_query_string(ada, submit):
    held = submit(name="Priya Patel", subject="Held one")
    services.enquiry_transition(enquiry=held, to=S.ON_HOLD)
    open_one = submit(name="Priya Patel", subject="Open one")
    client = client_for(ada)
    location = search_url(client, "Priya", status="on_hold", ordering="-created_at")
    params = parse_qs(urlsplit(location).query)
    assert params["status"] == ["on_hold"] and params["ordering"] == ["-created_at"]
    assert set(params) == {"status", "ordering", "search"}
    response = client.get(location)
    text = visible_text(response)
    assert held.reference in text and open_one.reference not in text
    # The form keeps the sort order for the next search, and the filters show as chosen.
    tree = soup(response)
    assert tree.find("input", attrs={"name": "ordering"})["value"] == "-created_at"
    assert tree.find("input", attrs={"name": "status", "value": "on_hold"}).has_attr("checked")
    # Filters alone (no search text) redirect without a token.
    assert search_url(client, "", status="on_hold") == INBOX + "?status=on_hold"


def test_the_saved_search_carries_through_pagination_sorting_the_results_fragment_and_the_csv(ada, submit):
    first = submit(name="Priya Patel", email="priya@example.org")
    copies = []
    for n in range(26):  # copies of the first, in bulk (submitting 27 would be slow)
        copy = Enquiry.objects.get(pk=first.pk)
        copy.pk, copy.uuid, copy.reference = None, uuid.uuid4(), f"SOR-TEST-{n:04d}"
        copy.submission_key = f"bulk-{n}"
        copies.append(copy)
    Enquiry.objects.bulk_create(copies)
    other = submit(name="Tom Jones", email="tom@example.org")
    client = client_for(ada)
    location = search_url(client, "priya", "all/")
    token = parse_qs(urlsplit(location).query)["search"][0]
    response = client.get(location)
    tree = soup(response)
    hrefs = [a["href"] for a in tree.find_all("a", href=True)]
    page_two = next(href for href in hrefs if "p=2" in href)
    sort = next(href for href in hrefs if "ordering=" in href)
    csv = next(a["href"] for a in tree.find_all("a", string="Download this list (CSV)"))
    for href in [page_two, sort, csv]:
        assert f"search={token}" in href and "priya" not in href.lower()
    assert "Priya Patel" in visible_text(client.get(page_two))

    fragment = client.get(INBOX + "all/results/", {"search": token})
    assert fragment.status_code == 200
    assert "27 enquiries match" in visible_text(fragment) and other.reference not in visible_text(fragment)

    body = b"".join(client.get(csv).streaming_content).decode()
    assert len(body.splitlines()) == 28  # the heading and the 27 matches
    assert other.reference not in body


@pytest.mark.parametrize(
    "token",
    ["abcdefgh", "x", "<script>alert(1)</script>", "../../etc/passwd", "a" * 500, "abc%00def", "' OR 1=1 --"],
)
def test_an_unknown_or_made_up_token_shows_the_whole_inbox_with_a_message_never_an_error(ada, submit, token):
    enquiry = submit()
    client = client_for(ada)
    response = client.get(INBOX, {"search": token, "status": "new", "p": "3"})
    assert response.status_code == 302
    assert response["Location"] == INBOX + "?status=new"  # the filters stay; the search and page go
    page = client.get(response["Location"])
    assert page.status_code == 200
    text = visible_text(page)
    assert "That search has expired or was made in another session" in text
    assert enquiry.reference in text
    # The export of an unknown search is not the whole list: it leads back to the inbox.
    export = client.get(INBOX, {"search": token, "export": "csv"})
    assert export.status_code == 302 and export["Location"] == INBOX
    # The results fragment (fetched by scripts) answers with the unsearched fragment, without a message.
    fragment = client.get(INBOX + "results/", {"search": token})
    assert fragment.status_code == 302 and fragment["Location"] == INBOX + "results/"


def test_an_expired_search_or_one_from_another_session_is_not_used(ada, submit):
    submit()
    client = client_for(ada)
    location = search_url(client, "Sam")
    # Ada signed in elsewhere (another session) cannot use it...
    elsewhere = client_for(ada).get(location)
    assert elsewhere.status_code == 302 and elsewhere["Location"] == INBOX
    # ... nor can she here once it has expired.
    session = client.session
    for entry in session[SAVED_SEARCHES_KEY].values():
        entry["at"] = time.time() - SAVED_SEARCH_SECONDS - 1
    session.save()
    response = client.get(location)
    assert response.status_code == 302 and response["Location"] == INBOX
    assert "That search has expired" in visible_text(client.get(INBOX))
    # The expired text (a name here) left the session when it was noticed.
    assert "Sam" not in str(client.session.get(SAVED_SEARCHES_KEY, {}))


def test_a_search_typed_into_the_address_is_dropped_not_used(ada, submit):
    enquiry = submit(email="priya@example.org")
    client = client_for(ada)
    response = client.get(INBOX + "all/", {"q": "priya@example.org", "team": "", "who": "returning"})
    assert response.status_code == 302 and response["Location"] == INBOX + "all/?team=&who=returning"
    text = visible_text(client.get(response["Location"]))
    assert "Searches are no longer kept in the page address" in text
    assert enquiry.reference in text
    assert no_search_saved(client)


def test_a_search_that_is_too_long_is_refused_by_its_field_and_the_chosen_filters_stay(ada, submit):
    held = submit()
    services.enquiry_transition(enquiry=held, to=S.ON_HOLD)
    client = client_for(ada)
    response = client.post(INBOX, {"q": "x" * 201, "status": "on_hold"})
    assert response.status_code == 200
    assert "Search for 200 characters or fewer" in field_error_text(response, "q")
    assert "Search for 200 characters or fewer" in error_summary_text(response)
    tree = soup(response)
    assert tree.find("input", attrs={"name": "status", "value": "on_hold"}).has_attr("checked")
    assert held.reference in visible_text(response)
    assert no_search_saved(client)


def test_hostile_search_text_is_escaped_cleaned_and_never_reaches_the_address(ada, submit):
    enquiry = submit(subject="Nothing to see")
    client = client_for(ada)
    hostile = '"><script>alert(1)</script>'
    response = search(client, hostile)
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "No enquiries match your search and filters." in visible_text(response)
    # Control characters are dropped and spaces tidied; a NUL is refused; SQL-like text is only text.
    tidied = search(client, "Nothing\x07  to\tsee")
    assert soup(tidied).find("input", attrs={"name": "q"})["value"] == "Nothing to see"
    assert enquiry.reference in visible_text(tidied)
    refused = client.post(INBOX, {"q": "Nothing\x00"})
    assert refused.status_code == 200 and "Null characters are not allowed" in field_error_text(refused, "q")
    assert "No enquiries match" in visible_text(search(client, "' OR 1=1 --"))
    assert Enquiry.objects.count() == 1


def test_filter_values_that_are_not_choices_are_left_out_of_the_address(ada, submit):
    submit()
    client = client_for(ada)
    response = client.post(
        INBOX, {"q": "", "status": ["new", "sam@example.org"], "team": "sam@example.org", "who": "returning"}
    )
    assert response.status_code == 302
    assert response["Location"] == INBOX + "?who=returning"
    assert "were left out" in visible_text(client.get(response["Location"]))


def test_the_search_form_needs_its_csrf_token(ada, submit):
    submit()
    client = client_for(ada, enforce_csrf_checks=True)
    response = client.post(INBOX, {"q": "sam@example.org"})
    assert response.status_code == 403
    assert no_search_saved(client)


def test_a_search_finds_only_the_enquiries_the_searcher_may_see(ada, ben, submit, make_user):
    enquiry = submit(email="priya@example.org")
    assert enquiry.reference not in visible_text(search(client_for(ben), "priya@example.org", "all/"))
    # Not staff: the admin sends them to sign in, and nothing is saved or shown.
    outsider = make_user("outsider@example.org")
    client = client_for(outsider)
    response = client.post(INBOX, {"q": "priya@example.org"})
    assert response.status_code == 302 and "priya" not in response["Location"]
    assert no_search_saved(client)
    assert client.get(INBOX, {"search": "abcdefgh"}).status_code == 302


def test_a_staff_member_without_the_enquiry_permissions_cannot_search(teams, submit):
    enquiry = submit(email="priya@example.org")
    no_groups = AdviserFactory(email="nogroups@sor.example", team=teams["rtp_england"], groups=())
    client = client_for(no_groups)
    response = client.post(INBOX, {"q": "priya@example.org"})
    assert response.status_code == 302 and response["Location"] != INBOX
    assert enquiry.reference not in visible_text(client.get(response["Location"]))
    assert no_search_saved(client)


# --------------------------------------------------------------------------------------------------
# Who may see an enquiry
# --------------------------------------------------------------------------------------------------


def test_enquirer_b_and_an_adviser_of_another_team_get_404_for_as_enquiry_messages_and_attachments(
    ada, ben, submit, make_user
):
    pdf = SimpleUploadedFile("letter.pdf", b"%PDF-1.4 a letter", "application/pdf")
    a = submit(email="a@example.org", files=[pdf])
    attachment = a.messages.get().attachments.get()
    enquirer_b = make_user("b@example.org")
    b_client, ben_client, ada_client = client_for(enquirer_b), client_for(ben), client_for(ada)

    assert ada_client.get(workspace(a)).status_code == 200
    assert ada_client.get(f"/attachments/{attachment.pk}/").status_code == 200

    assert ben_client.get(workspace(a)).status_code == 404
    assert ben_client.post(workspace(a), {"action": "note", "note-body": "x"}).status_code == 404
    assert ben_client.get(f"/attachments/{attachment.pk}/").status_code == 404
    assert b_client.get(f"/my-enquiries/{a.reference}/").status_code == 404
    assert b_client.get(f"/attachments/{attachment.pk}/").status_code == 404
    # Not staff at all: the admin sends them to sign in; nothing of the enquiry is shown.
    response = b_client.get(workspace(a))
    assert response.status_code == 302 and a.reference not in response.content.decode()
    assert not a.messages.filter(kind=Message.Kind.NOTE).exists()


def test_a_superuser_sees_every_team(submit, ada):
    boss = User.objects.create_superuser(email="boss@sor.example", password="x-long-password-1")
    TOTP.activate(boss, generate_totp_secret())
    enquiry = submit()
    assert client_for(boss).get(workspace(enquiry)).status_code == 200


def test_opening_an_enquiry_is_recorded_in_its_history(ada, enquiry):
    client_for(ada).get(workspace(enquiry))
    assert enquiry.events.filter(kind=Event.Kind.VIEWED, actor=ada).count() == 1


# --------------------------------------------------------------------------------------------------
# The enquiry page
# --------------------------------------------------------------------------------------------------


def test_the_page_shows_the_intake_answers_the_whole_thread_and_attachments(ada, submit, make_user):
    pdf = SimpleUploadedFile("payslip.pdf", b"%PDF-1.4 x", "application/pdf")
    enquiry = submit(hcpc_number="RA12345", files=[pdf], body="I left in 2019 and want to come back.")
    services.note_add(enquiry=enquiry, author=ada, body="Called them; they want CT.")
    services.adviser_reply(enquiry=enquiry, author=ada, body="You need 30 days of updating.")
    response = client_for(ada).get(workspace(enquiry))
    text = visible_text(response)
    for fact in [
        "Returning to practice",
        "England",
        "Diagnostic radiography",
        "HCPC registration",
        "RA12345",
    ]:
        assert fact in text
    assert (
        text.index("I left in 2019")
        < text.index("Called them; they want CT.")
        < text.index("You need 30 days")
    )
    assert "Not seen by the enquirer" in text
    link = soup(response).find("a", string="payslip.pdf")
    assert link["href"] == f"/attachments/{enquiry.messages.first().attachments.get().pk}/"


def test_hostile_text_from_the_enquirer_is_escaped_everywhere_in_the_workspace(ada, submit):
    hostile = "<script>alert('x')</script>"
    enquiry = submit(
        name=f"Eve {hostile}\r\nBcc: victim@example.org",
        subject=f"Question {hostile}",
        body=f"Body {hostile} <img src=x onerror=alert(1)>",
    )
    CannedResponseFactory(title="Hello", body="About {reference}, {first_name}.")
    client = client_for(ada)
    for url in [INBOX, INBOX + "all/", workspace(enquiry), workspace(enquiry) + "?canned=1"]:
        html = client.get(url).content.decode()
        assert "<script>alert" not in html, url
        assert "<img src=x" not in html, url
    html = client.get(workspace(enquiry)).content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_someone_else_having_the_enquiry_open_is_shown(ada, teams, enquiry):
    colleague = AdviserFactory(email="cy@sor.example", team=teams["rtp_england"])
    colleague.first_name, colleague.last_name = "Cy", "Colleague"
    colleague.save()
    client_for(colleague).get(workspace(enquiry))
    text = visible_text(client_for(ada).get(workspace(enquiry)))
    assert "Cy Colleague opened this enquiry less than a minute ago" in text
    # Your own visit is not reported back to you.
    assert "opened this enquiry" not in visible_text(client_for(colleague).get(workspace(enquiry))).replace(
        "Ada Adviser opened this enquiry", ""
    )


# --------------------------------------------------------------------------------------------------
# Actions
# --------------------------------------------------------------------------------------------------


def test_the_adviser_replies_the_enquirer_is_emailed_and_the_clock_pauses(
    ada, enquiry, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client_for(ada),
            enquiry,
            "reply",
            {"reply-body": "You need 30 days.", "reply-then": S.AWAITING_ENQUIRER},
        )
    assert response.status_code == 302 and response["Location"] == workspace(enquiry)
    enquiry.refresh_from_db()
    assert enquiry.status == S.AWAITING_ENQUIRER and enquiry.due_at is None
    assert enquiry.messages.filter(kind=Message.Kind.OUTBOUND, author=ada, body="You need 30 days.").exists()
    assert [m.to for m in mail.outbox] == [["sam@example.org"]]
    assert "You need 30 days." in mail.outbox[0].body


def test_an_empty_reply_is_refused_with_the_error_next_to_the_field_and_in_a_summary(ada, enquiry):
    response = post(
        client_for(ada), enquiry, "reply", {"reply-body": "   ", "reply-then": S.AWAITING_ENQUIRER}
    )
    assert response.status_code == 200
    tree = soup(response)
    field = tree.find("textarea", attrs={"name": "reply-body"})
    assert field["aria-invalid"] == "true"
    assert field["aria-describedby"].split() == ["id_reply-body_helptext", "id_reply-body_error"]
    error = tree.find(id="id_reply-body_error")
    assert "Write your reply" in error.get_text()
    assert (
        tree.find(id="error-summary").find("a", href=f"#{field['id']}").get_text(strip=True)
        == "Write your reply"
    )
    assert not enquiry.messages.filter(kind=Message.Kind.OUTBOUND).exists()


def test_a_reply_is_held_back_when_the_enquirer_wrote_since_the_page_was_opened(ada, enquiry, make_user):
    seen = enquiry.messages.latest("pk").pk
    Message.objects.create(enquiry=enquiry, kind=Message.Kind.INBOUND, body="Actually, one more thing")
    response = post(
        client_for(ada),
        enquiry,
        "reply",
        {"reply-body": "Answer", "reply-then": S.AWAITING_ENQUIRER, "seen": seen},
    )
    assert response.status_code == 200
    assert "The enquirer has written again since you opened this page" in visible_text(response)
    assert not enquiry.messages.filter(kind=Message.Kind.OUTBOUND).exists()
    tree = soup(response)
    assert (
        tree.find("textarea", attrs={"name": "reply-body"}).get_text().strip() == "Answer"
    )  # the draft is kept
    newest = enquiry.messages.latest("pk").pk
    assert tree.find("input", attrs={"name": "seen"})["value"] == str(newest)  # sending again now goes


def test_a_canned_response_fills_in_the_name_reference_and_adviser_without_javascript(ada, enquiry):
    canned = CannedResponseFactory(title="Updating days", body="About {reference}: 30 days, {first_name}.")
    response = client_for(ada).get(workspace(enquiry), {"canned": canned.pk})
    textarea = soup(response).find("textarea", attrs={"name": "reply-body"})
    assert textarea.get_text().strip() == (
        f"Dear Sam,\n\nAbout {enquiry.reference}: 30 days, Sam.\n\n"
        "Best wishes,\nAda Adviser\nSociety of Radiographers"
    )


def test_inserting_a_canned_response_keeps_what_the_adviser_had_written(ada, enquiry):
    canned = CannedResponseFactory(title="Updating days", body="You need 30 days, {adviser_name} says.")
    response = post(
        client_for(ada),
        enquiry,
        "insert-canned",
        {"reply-body": "Thanks for your question.", "reply-canned": canned.pk, "reply-then": S.RESOLVED},
    )
    tree = soup(response)
    assert tree.find("textarea", attrs={"name": "reply-body"}).get_text().strip() == (
        "Thanks for your question.\n\nYou need 30 days, Ada Adviser says."
    )
    assert tree.find("input", attrs={"name": "reply-then", "value": S.RESOLVED}).has_attr("checked")
    assert not enquiry.messages.filter(kind=Message.Kind.OUTBOUND).exists()  # nothing sent yet


def test_only_canned_responses_for_every_team_or_the_enquirys_team_are_offered(ada, teams, enquiry):
    CannedResponseFactory(title="For everyone")
    CannedResponseFactory(title="For RtP England", team=teams["rtp_england"])
    CannedResponseFactory(title="For IR only", team=teams["ir"])
    CannedResponseFactory(title="Retired", is_active=False)
    select = soup(client_for(ada).get(workspace(enquiry))).find("select", attrs={"name": "reply-canned"})
    assert [o.get_text() for o in select.find_all("option")][1:] == ["For everyone", "For RtP England"]
    ir_only = CannedResponse.objects.get(title="For IR only")
    textarea = soup(client_for(ada).get(workspace(enquiry), {"canned": ir_only.pk})).find("textarea")
    assert (
        textarea.get_text().strip() == "Dear Sam,\n\n\n\nBest wishes,\nAda Adviser\nSociety of Radiographers"
    )


def test_an_internal_note_is_kept_but_never_emailed_or_shown_to_the_enquirer(
    ada, enquiry, make_user, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client_for(ada), enquiry, "note", {"note-body": "Check her HCPC lapse date"})
    assert response.status_code == 302
    note = enquiry.messages.get(kind=Message.Kind.NOTE)
    assert note.author == ada and mail.outbox == []
    enquirer = make_user("sam@example.org")
    assert note not in selectors.messages_for_enquirer(enquirer, enquiry)
    assert "Check her HCPC lapse date" not in visible_text(
        client_for(enquirer).get(f"/my-enquiries/{enquiry.reference}/")
    )


def test_only_the_allowed_status_changes_are_offered_and_accepted(ada, enquiry):
    client = client_for(ada)
    select = soup(client.get(workspace(enquiry))).find("select", attrs={"name": "status-to"})
    offered = {o["value"] for o in select.find_all("option") if o["value"]}
    assert offered == set(states.TRANSITIONS[S.NEW]) - {S.MERGED}
    response = post(client, enquiry, "status", {"status-to": S.CLOSED})  # NEW cannot be closed
    assert response.status_code == 200 and "choose one from the list" in visible_text(response)
    response = post(client, enquiry, "status", {"status-to": S.ON_HOLD, "status-reason": "Waiting on HCPC"})
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.status == S.ON_HOLD
    event = enquiry.events.get(kind=Event.Kind.STATUS)
    assert (event.actor, event.to_status, event.data["reason"]) == (ada, S.ON_HOLD, "Waiting on HCPC")


def test_state_never_changes_on_a_get_or_without_the_csrf_token(ada, enquiry):
    client = client_for(ada, enforce_csrf_checks=True)
    client.get(workspace(enquiry), {"action": "status", "status-to": S.SPAM})
    assert post(client, enquiry, "status", {"status-to": S.SPAM}).status_code == 403
    enquiry.refresh_from_db()
    assert enquiry.status == S.NEW


def test_an_unknown_action_is_a_bad_request(ada, enquiry):
    assert post(client_for(ada), enquiry, "delete").status_code == 400


def test_reassigning_within_the_team_and_moving_to_another_team(ada, ben, teams, enquiry):
    colleague = AdviserFactory(email="cy@sor.example", team=teams["rtp_england"])
    client = client_for(ada)
    response = post(
        client, enquiry, "assign", {"assign-assignee": f"{teams['rtp_england'].pk}:{colleague.pk}"}
    )
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.assignee == colleague
    # Someone who is not in the chosen team cannot be picked.
    response = post(client, enquiry, "assign", {"assign-assignee": f"{teams['rtp_england'].pk}:{ben.pk}"})
    assert response.status_code == 200 and "Choose someone from the list" in visible_text(response)
    # Moving it to IR, to Ben: it leaves Ada's teams, so she is sent back to her inbox.
    response = post(client, enquiry, "assign", {"assign-assignee": f"{teams['ir'].pk}:{ben.pk}"})
    assert response.status_code == 302 and response["Location"] == INBOX
    enquiry.refresh_from_db()
    assert (enquiry.team, enquiry.assignee) == (teams["ir"], ben)
    assert client.get(workspace(enquiry)).status_code == 404
    assert client_for(ben).get(workspace(enquiry)).status_code == 200


def test_merging_a_duplicate_links_the_threads_and_audits_both(ada, submit):
    first = submit(email="sam@example.org", subject="Updating days", body="First question")
    duplicate = submit(
        email="SAM@example.org", subject="Updating days again", body="Did you get my question?"
    )
    stranger = submit(email="someone@example.org", subject="Unrelated")
    client = client_for(ada)
    select = soup(client.get(workspace(duplicate))).find("select", attrs={"name": "merge-into"})
    assert [o["value"] for o in select.find_all("option") if o["value"]] == [str(first.pk)]
    # An enquiry from someone else is refused even if posted by hand.
    response = post(client, duplicate, "merge", {"merge-into": stranger.pk})
    assert response.status_code == 200 and "Choose an enquiry from the list" in visible_text(response)

    response = post(client, duplicate, "merge", {"merge-into": first.pk})
    assert response.status_code == 302 and response["Location"] == workspace(first)
    duplicate.refresh_from_db()
    assert duplicate.status == S.MERGED and duplicate.merged_into == first and duplicate.due_at is None
    assert first.events.get(kind=Event.Kind.MERGED).data["from_reference"] == duplicate.reference
    assert duplicate.events.get(kind=Event.Kind.MERGED).data["into_reference"] == first.reference
    text = visible_text(client.get(workspace(first)))
    assert "First question" in text and "Did you get my question?" in text
    assert f"on merged enquiry {duplicate.reference}" in text


def test_merge_service_refuses_different_people_and_finished_targets(ada, submit):
    first = submit(email="a@example.org")
    other = submit(email="b@example.org")
    with pytest.raises(services.ValidationError):
        services.enquiry_merge(enquiry=other, into=first, actor=ada)
    second = submit(email="a@example.org")
    services.enquiry_transition(enquiry=first, to=S.WITHDRAWN)
    with pytest.raises(services.ValidationError):
        services.enquiry_merge(enquiry=second, into=first, actor=ada)
    with pytest.raises(services.ValidationError):
        services.enquiry_merge(enquiry=second, into=second, actor=ada)
    second.refresh_from_db()
    assert second.status == S.NEW


# --------------------------------------------------------------------------------------------------
# Availability, groups and setup screens
# --------------------------------------------------------------------------------------------------


def test_an_adviser_marks_themself_away_and_gets_no_new_enquiries(ada, teams, submit):
    colleague = AdviserFactory(email="cy@sor.example", team=teams["rtp_england"])
    client = client_for(ada)
    assert client.get(INBOX + "availability/").status_code == 200
    response = client.post(INBOX + "availability/", {"is_away": "yes"}, follow=True)
    assert "You are marked as away" in visible_text(response)
    assert AdviserProfile.objects.get(user=ada).is_away
    assert submit().assignee == colleague
    client.post(INBOX + "availability/", {"is_away": "no"})
    assert not AdviserProfile.objects.get(user=ada).is_away


def test_the_groups_exist_with_their_permissions():
    advisers = set(Group.objects.get(name=ADVISERS_GROUP).permissions.values_list("codename", flat=True))
    leads = set(Group.objects.get(name=TEAM_LEADS_GROUP).permissions.values_list("codename", flat=True))
    assert {"access_admin", "view_enquiry", "change_enquiry", "view_cannedresponse"} <= advisers
    assert not {"add_routingrule", "change_team", "change_cannedresponse"} & advisers
    assert {"add_routingrule", "change_routingrule", "change_team", "add_cannedresponse"} <= leads
    services.staff_groups_ensure()  # idempotent
    assert Group.objects.filter(name=ADVISERS_GROUP).count() == 1


def test_team_leads_edit_routing_rules_and_canned_responses_advisers_only_read_canned_responses(
    ada, teams, pathways, nations
):
    lead = TeamLeadFactory(email="lead@sor.example", team=teams["rtp_england"])
    rules = "/admin/snippets/enquiries/routingrule/"
    canned = "/admin/snippets/enquiries/cannedresponse/"
    lead_client, adviser_client = client_for(lead), client_for(ada)
    assert lead_client.get(rules).status_code == 200
    response = lead_client.post(
        rules + "add/",
        {
            "order": 5,
            "name": "Wales RtP",
            "pathway": pathways["rtp"].pk,
            "nation": nations["wales"].pk,
            "topic": "",
            "team": teams["rtp_devolved"].pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert (
        services.route(pathway_id=pathways["rtp"].pk, nation_id=nations["wales"].pk, topic_id=None)
        == teams["rtp_devolved"]
    )
    assert adviser_client.get(canned).status_code == 200
    assert adviser_client.get(canned + "add/").status_code == 302  # permission denied: back to the dashboard
    assert adviser_client.get(rules).status_code == 302


def test_a_canned_response_with_an_unknown_placeholder_is_refused(teams):
    lead = TeamLeadFactory(email="lead@sor.example", team=teams["ir"])
    response = client_for(lead).post(
        "/admin/snippets/enquiries/cannedresponse/add/",
        {"title": "Bad", "body": "See {reference}, {firstname}.", "team": "", "is_active": "on"},
    )
    assert response.status_code == 200
    assert "Unknown placeholder {firstname}" in visible_text(response)
    assert not CannedResponse.objects.exists()


def test_the_first_name_comes_from_the_account_or_skips_a_title(submit, make_user):
    enquiry = submit(name="Dr Amira Khan")
    assert CannedResponse.first_name_of(enquiry) == "Amira"
    account = make_user("amira@example.org", first_name="Mira")
    Enquiry.objects.filter(pk=enquiry.pk).update(user=account)
    enquiry.refresh_from_db()
    assert CannedResponse.first_name_of(enquiry) == "Mira"
    canned = CannedResponse(title="x", body="{first_name} {first_name} {unknown}")
    assert canned.render(enquiry=enquiry, adviser=None) == "Mira Mira {unknown}"


def test_people_outside_the_workspace_do_not_get_the_enquiries_menu(make_user, enquiry):
    editor = make_user("ed@sor.example", "Editors", is_staff=True)
    TOTP.activate(editor, generate_totp_secret())
    client = client_for(editor)
    html = client.get("/admin/").content.decode()
    assert "Mine (" not in html
    assert client.get(workspace(enquiry)).status_code == 404
    assert EmailAddress.objects.filter(user=editor).exists()
    assert not OutboundEmail.objects.filter(to="ed@sor.example").exists()


def test_only_one_team_can_be_the_fallback(teams):
    lead = TeamLeadFactory(email="lead@sor.example", team=teams["ir"])
    client = client_for(lead)
    url = f"/admin/snippets/enquiries/team/edit/{teams['rtp_england'].pk}/"
    data = {"name": "RtP England", "slug": "rtp-england", "email": "", "is_fallback": "on"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "International recruitment already takes unmatched enquiries" in visible_text(response)
    response = client.post(
        f"/admin/snippets/enquiries/team/edit/{teams['ir'].pk}/",
        {"name": "International recruitment", "slug": "ir", "email": ""},
    )
    assert "Unmatched enquiries would have nowhere to go" in visible_text(response)
    assert list(Team.objects.filter(is_fallback=True)) == [teams["ir"]]
    assert client.post(url, {**data, "is_fallback": "", "email": "rtp@sor.example"}).status_code == 302


def test_someone_without_an_adviser_profile_is_told_they_take_no_enquiries(teams):
    lead = TeamLeadFactory(email="lead@sor.example", team=teams["ir"])
    AdviserProfile.objects.filter(user=lead).delete()
    client = client_for(lead)
    assert "You do not take new enquiries" in visible_text(client.get(INBOX + "availability/"))
    response = client.post(INBOX + "availability/", {"is_away": "no"})
    assert response.status_code == 200 and "there is no availability to set" in visible_text(response)
    assert not AdviserProfile.objects.filter(user=lead).exists()


@pytest.mark.parametrize("odd", ["²", "٣", "9" * 30, "-1", "1.0"])
def test_odd_numbers_in_the_canned_and_seen_fields_are_ignored_not_a_server_error(ada, enquiry, odd):
    """str.isdigit() says yes to "²" (int() refuses it) and to 30 nines (too large for the database)."""
    client = client_for(ada)
    response = client.get(workspace(enquiry), {"canned": odd})
    assert response.status_code == 200
    response = post(client, enquiry, "insert-canned", {"reply-body": "Draft", "reply-canned": odd})
    assert response.status_code == 200
    assert "Choose a canned response to insert" in visible_text(response)
    response = post(
        client, enquiry, "reply", {"reply-body": "Answer", "reply-then": S.AWAITING_ENQUIRER, "seen": odd}
    )
    assert response.status_code == 302
    assert enquiry.messages.filter(kind=Message.Kind.OUTBOUND, body="Answer").exists()
