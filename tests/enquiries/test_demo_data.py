"""The casework demo's files in demo/casework/ and their loader (enquiries.demo.data): every file reads
and checks without a database, and a mistake in a file is reported with the file and the entry."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from enquiries.demo import data
from enquiries.models import Enquiry
from portal.demo_data import DEMO_DIR, DemoDataError

ENGLAND = "casework/enquiries/01-returners-england.toml"


def test_the_casework_files_read_and_name_only_known_things():
    casework = data.load()

    keys = [scenario.key for scenario in casework.scenarios]
    assert len(keys) == len(set(keys)) >= 50
    assert {step.action for s in casework.scenarios for step in s.steps} <= set(data.ACTIONS)
    assert {s.who for s in casework.scenarios} == set(Enquiry.Who.values)
    assert casework.lead.key == "teamlead"
    assert {team.slug for team in casework.teams} == {"rtp-england", "rtp-devolved", "ir"}
    assert casework.refused and "{addresses}" in casework.refusal
    # Every merge is into an enquiry played before it.
    for index, scenario in enumerate(casework.scenarios):
        for step in scenario.steps:
            if step.action == "merge":
                assert step.into in keys[:index]


@pytest.fixture
def demo_copy(tmp_path) -> Path:
    root = tmp_path / "demo"
    shutil.copytree(DEMO_DIR, root)
    return root


def _edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text()
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(
    "relative, old, new, where, message",
    [
        (
            ENGLAND,
            'at_hours = 20\naction = "reply"',
            'at_hours = 20\naction = "replay"',
            "enquiry e04, step 1",
            "unknown action 'replay' (actions: reply, enquirer, note, status, assign, unassign, merge)",
        ),
        (
            ENGLAND,
            'action = "unassign"',
            'action = "assign"\nadviser = "adviser9"',
            "enquiry e10, step 1",
            "unknown adviser 'adviser9' (advisers: adviser, adviser2, adviser3, teamlead)",
        ),
        (
            ENGLAND,
            'action = "status"\nto = "closed"',
            'action = "status"\nto = "shut"',
            "enquiry e08, step 2",
            "unknown status 'shut'",
        ),
        (
            ENGLAND,
            'then = "awaiting_enquirer"',
            'then = "closed"',
            "enquiry e04, step 1",
            "unknown status after a reply 'closed'",
        ),
        (
            ENGLAND,
            'into = "e05"',
            'into = "e12"',
            "enquiry e11, step 1",
            "no enquiry with that key is played",
        ),
        (
            ENGLAND,
            'action = "note"',
            'action = "note"\nauthor = "Aisha"',
            "enquiry e06, step 1",
            "unknown key author",
        ),
        (ENGLAND, 'nation = "england"', 'nation = "cornwall"', "enquiry e01", "unknown nation 'cornwall'"),
        (ENGLAND, 'topic = "funding"', 'topic = "money"', "enquiry e04", "unknown topic 'money'"),
        (ENGLAND, 'key = "e02"', 'key = "e01"', "enquiry e01", "the key 'e01' is used twice"),
        (ENGLAND, "days_ago = 5", "days_ago = 5\nhours_ago = 2", "enquiry e02", "hours_ago or days_ago"),
        (
            "casework/teams.toml",
            'teams = ["ir"]',
            'teams = ["imaging"]',
            "adviser 3",
            "unknown team 'imaging'",
        ),
        (
            "casework/teams.toml",
            'team = "rtp-england"\nbody',
            'team = "england"\nbody',
            "canned response 4",
            "unknown team 'england'",
        ),
        ("casework/mail.toml", 'enquiry = "s06"', 'enquiry = "s99"', "delivery problem 2", "unknown enquiry"),
        (
            "casework/mail.toml",
            'kind = "auto_reply"',
            'kind = "bounce"',
            "inbound e06-out-of-office",
            "unknown kind",
        ),
    ],
)
def test_a_mistake_in_a_casework_file_names_the_file_and_the_entry(
    demo_copy, relative, old, new, where, message
):
    _edit(demo_copy, relative, old, new)

    with pytest.raises(DemoDataError) as exc_info:
        data.load(demo_copy)

    assert str(exc_info.value).startswith(f"demo/{relative}: {where}"), str(exc_info.value)
    assert message in str(exc_info.value)
