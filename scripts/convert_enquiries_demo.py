"""One-off: dump the enquiries demo's Python data (enquiries/demo.py as it was) to demo/casework/*.toml,
then check the round trip: what enquiries.demo.data.load() reads back equals the Python data.

    .venv/bin/python scripts/convert_enquiries_demo.py [--rev REV] [--check-only]

The old module is read from git (REV:enquiries/demo.py; by default the last commit that has it), so this
still runs after the Python data is gone. Comments in the Python data are carried over by hand below.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django  # noqa: E402

django.setup()

from enquiries.demo import data  # noqa: E402

OUT = ROOT / "demo" / "casework"

# The groups of enquiries, in the order the Python data played them (the comments in SCENARIOS).
GROUPS = [
    ("01-returners-england.toml", "Return to practice, England", ("e",), ()),
    (
        "02-returners-scotland-wales-ni.toml",
        "Return to practice, Scotland, Wales and Northern Ireland",
        ("s",),
        (),
    ),
    ("03-international.toml", "International recruitment", ("i",), ()),
    ("04-managers-and-others.toml", "Managers and others (the fallback team answers them)", ("m", "o"), ()),
    (
        "05-dead-letters.toml",
        "Acknowledgements the email provider refuses outright: the demo's dead letters (mail.toml, [refused])",
        (),
        ("e15", "i15"),
    ),
    (
        "06-history.toml",
        "The year before: answered and closed, so that the reports have a history to show",
        ("h",),
        (),
    ),
]
STEP_COMMENTS = {("e10", 0): "the team lead took it off the rota to share out at the morning huddle"}


def git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)  # noqa: S603, S607


def legacy_module(rev: str | None):
    if rev is None:
        rev = git("rev-list", "-1", "HEAD", "--", "enquiries/demo.py").stdout.strip()
        if git("cat-file", "-e", f"{rev}:enquiries/demo.py").returncode:
            rev = f"{rev}^"
    source = git("show", f"{rev}:enquiries/demo.py")
    if source.returncode:
        raise SystemExit(source.stderr)
    source = source.stdout
    spec = importlib.util.spec_from_loader("legacy_enquiries_demo", loader=None)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    exec(compile(source, f"{rev}:enquiries/demo.py", "exec"), module.__dict__)  # noqa: S102 - our own old code
    print(f"read the Python data from {rev}:enquiries/demo.py")
    return module


def legacy_inbound(old) -> list[tuple]:
    """The inbound emails, as _inbound_emails() built them in the Python (key, kind, enquiry, sender,
    subject, hours_ago, minutes_after_reply, body)."""
    return [
        ("e14-reply", "reply", "e14", "", "", 3, 0, old.NADIA_REPLY),
        (
            "e02-from-work",
            "new",
            "e02",
            "Daniel Price <d.price@northfield-hospital.example.org>",
            "Chasing my enquiry {reference}: supervised practice in CT",
            20,
            0,
            old.DANIEL_CHASE,
        ),
        ("e06-out-of-office", "auto_reply", "e06", "", "", 0, 2, old.GARETH_AWAY),
        (
            "stray",
            "new",
            "",
            "Sandra Okoye <sandra.okoye@example.net>",
            "Returning to therapeutic radiography",
            5,
            0,
            old.STRAY_EMAIL,
        ),
    ]


# --------------------------------------------------------------------------------------------------
# Writing TOML
# --------------------------------------------------------------------------------------------------


def q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string


def text(value: str) -> str:
    assert value == value.strip(), repr(value[:40])
    if "\n" not in value and len(value) <= 80:
        return q(value)
    assert "'''" not in value and not any(ord(c) < 32 and c not in "\n\t" for c in value)
    return f"'''\n{value}\n'''"


def number(value) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def when(hours, names=("hours", "days")) -> str:
    if hours >= 24 and hours % 24 == 0:
        return f"{names[1]} = {number(hours // 24)}"
    return f"{names[0]} = {number(hours)}"


def teams_toml(old) -> str:
    out = [
        "# The enquiries demo's teams, routing rules, advisers and canned responses (demo/README.md).",
        "",
        "# ---- Teams: exactly one is the fallback, which gets whatever no rule matches ----",
    ]
    for team in old.TEAMS:
        out += ["", "[[team]]", f"slug = {q(team['slug'])}", f"name = {q(team['name'])}"]
        out += [f"email = {q(team['email'])}"]
        if team["is_fallback"]:
            out.append("fallback = true")
    out += [
        "",
        "# ---- Routing rules, tried in `order`: the first that matches the enquiry's pathway, nation and topic",
        "# (each left out matches any) sends it to its team. Anything unmatched goes to the fallback team",
        "# (International recruitment), which also answers managers and everyone else.",
    ]
    for order, name, pathway, nation, topic, team in old.RULES:
        out += ["", "[[rule]]", f"order = {order}", f"name = {q(name)}"]
        for key, value in (("pathway", pathway), ("nation", nation), ("topic", topic)):
            if value:
                out.append(f"{key} = {q(value)}")
        out.append(f"team = {q(team)}")
    out += [
        "",
        "# ---- Advisers: staff accounts with the demo password. Steps name an adviser by the part of the",
        "# email before the @. adviser@ and teamlead@ are also made by seed_demo, with these names.",
        "# The team lead leads all three teams and takes no enquiries of their own (capacity 0: no adviser",
        "# profile), so each team's enquiries go to its adviser and the replies are signed by the right",
        "# person; the lead acts on enquiries nobody is assigned to.",
    ]
    for adviser in old.ADVISERS:
        out += ["", "[[adviser]]", f"email = {q(adviser.email)}"]
        out += [f"first_name = {q(adviser.first_name)}", f"last_name = {q(adviser.last_name)}"]
        out.append(f"teams = [{', '.join(q(t) for t in adviser.teams)}]")
        if adviser.is_lead:
            out.append("lead = true")
        if adviser.capacity != 20:
            out.append(f"capacity = {adviser.capacity}")
    out += [
        "",
        "# ---- Canned responses: {first_name}, {reference} and {adviser_name} are filled in. Without a",
        "# team, every team can use it.",
    ]
    for canned in old.CANNED:
        out += ["", "[[canned]]", f"title = {q(canned['title'])}"]
        if canned["team"]:
            out.append(f"team = {q(canned['team'])}")
        out.append(f"body = {text(canned['body'])}")
    return "\n".join(out) + "\n"


def step_lines(step: tuple) -> list[str]:
    hours, action, *args = step
    lines = [when(hours, ("at_hours", "at_days"))]
    if action == "assign" and args[0] is None:
        return [*lines, 'action = "unassign"']
    lines.append(f"action = {q(action)}")
    if action == "reply":
        lines += [f"then = {q(str(args[1]))}", f"text = {text(args[0])}"]
    elif action in ("enquirer", "note"):
        lines.append(f"text = {text(args[0])}")
    elif action == "status":
        lines.append(f"to = {q(str(args[0]))}")
    elif action == "assign":
        lines.append(f"adviser = {q(args[0])}")
    elif action == "merge":
        lines.append(f"into = {q(args[0])}")
    else:
        raise ValueError(action)
    return lines


def enquiries_toml(old, title: str, scenarios: list) -> str:
    out = [
        f"# {title}.",
        "# One [[enquiry]] each, played in file order after the files before this one (demo/README.md).",
    ]
    for scenario in scenarios:
        out += ["", "[[enquiry]]", f"key = {q(scenario.key)}", f"who = {q(scenario.who)}"]
        out += [f"nation = {q(scenario.nation)}", f"topic = {q(scenario.topic)}"]
        if scenario.profession != "diagnostic":
            out.append(f"profession = {q(scenario.profession)}")
        out += [f"name = {q(scenario.name)}", f"email = {q(scenario.email)}"]
        if scenario.hcpc_number:
            out.append(f"hcpc_number = {q(scenario.hcpc_number)}")
        out.append(when(scenario.hours_ago, ("hours_ago", "days_ago")))
        if scenario.due:
            out.append(f"due = {q(scenario.due)}")
        out += [f"subject = {q(scenario.subject)}", f"body = {text(scenario.body)}"]
        for index, step in enumerate(scenario.steps):
            out += ["", "[[enquiry.step]]"]
            if (scenario.key, index) in STEP_COMMENTS:
                out.append(f"# {STEP_COMMENTS[scenario.key, index]}")
            out += step_lines(step)
        if scenario.key in old.RATINGS:
            score, comment, hours = old.RATINGS[scenario.key]
            out += ["", "[enquiry.rating]", f"score = {score}"]
            if comment:
                out.append(f"comment = {q(comment)}")
            out.append(f"hours_after_resolved = {number(hours)}")
    return "\n".join(out) + "\n"


def mail_toml(old) -> str:
    out = [
        "# Email that came back to the demo: replies by email, the provider's delivery reports, refusals",
        "# (demo/README.md). The provider is Postmark, as its webhooks name it.",
        "",
        "# Addresses the provider refuses outright, as Postmark refuses a recipient it has marked inactive",
        "# (anymail then raises AnymailRecipientsRefused with this message). deliver() gives up at once, so",
        "# the acknowledgements to these enquirers (05-dead-letters.toml) are the demo's dead letters.",
        "[refused]",
        f"addresses = [{', '.join(q(a) for a in sorted(old.REFUSED))}]",
        f"message = {text(old.POSTMARK_REFUSAL)}",
        "",
        "# Emails that came in, through the inbound webhook's own code. Each key makes the email's Message-ID,",
        '# so it arrives once. kind = "reply": the enquirer answers our latest reply by email, quoting it',
        '# (arriving hours_ago, and at least an hour after our reply); "auto_reply": an out-of-office to our',
        '# latest reply; "new": a new email to the enquiries address ({reference} is the named enquiry\'s).',
    ]
    for key, kind, enquiry, sender, subject, hours, minutes, body in legacy_inbound(old):
        out += ["", "[[inbound]]", f"key = {q(key)}", f"kind = {q(kind)}"]
        if enquiry:
            out.append(f"enquiry = {q(enquiry)}")
        if sender:
            out.append(f"from = {q(sender)}")
        if subject:
            out.append(f"subject = {q(subject)}")
        if kind == "auto_reply":
            out.append(f"minutes_after_reply = {number(minutes)}")
        else:
            out.append(f"hours_ago = {number(hours)}")
        out.append(f"body = {text(body)}")
    out += [
        "",
        "# The provider's bad news: a report about the first email of this kind sent about the enquiry,",
        "# after_seconds after it was sent. Every other email the demo sent is reported delivered, except",
        '# the notices about held emails, which stay at "Sent" (no report yet), so that the workspace shows',
        "# every delivery state.",
    ]
    for key, kind, report, delay in old.DELIVERY_PROBLEMS:
        out += ["", "[[delivery_problem]]", f"enquiry = {q(key)}", f"email = {q(str(kind))}"]
        out += [f"report = {q(report)}", f"after_seconds = {number(delay.total_seconds())}"]
    out += [
        "",
        "# Postmark's reports as anymail's Postmark webhook reads them: anymail's event type and reject",
        "# reason; Postmark's RecordType, Type, Description and Details.",
    ]
    for name, (event, reason, record_type, kind, description, details) in old.POSTMARK_REPORTS.items():
        out += ["", f"[report.{name}]", f"event = {q(event)}"]
        if reason:
            out.append(f"reject_reason = {q(reason)}")
        out.append(f"record_type = {q(record_type)}")
        if kind:
            out.append(f"type = {q(kind)}")
        if description:
            out.append(f"description = {q(description)}")
        out.append(f"details = {q(details)}")
    return "\n".join(out) + "\n"


def write(old) -> None:
    (OUT / "enquiries").mkdir(parents=True, exist_ok=True)
    (OUT / "teams.toml").write_text(teams_toml(old))
    (OUT / "mail.toml").write_text(mail_toml(old))
    placed = []
    for filename, title, prefixes, keys in GROUPS:
        scenarios = [
            s
            for s in old.SCENARIOS
            if s.key in keys or (s.key[0] in prefixes and s.key not in sum((g[3] for g in GROUPS), ()))
        ]
        placed += [s.key for s in scenarios]
        (OUT / "enquiries" / filename).write_text(enquiries_toml(old, title, scenarios))
    assert placed == [s.key for s in old.SCENARIOS], "the groups must keep the Python's order"


# --------------------------------------------------------------------------------------------------
# The round trip
# --------------------------------------------------------------------------------------------------


def legacy_steps(scenario: data.Scenario) -> list[tuple]:
    steps = []
    for step in scenario.steps:
        args = {
            "reply": (step.text, step.then),
            "enquirer": (step.text,),
            "note": (step.text,),
            "status": (step.to,),
            "assign": (step.adviser,),
            "unassign": (None,),
            "merge": (step.into,),
        }[step.action]
        steps.append((step.at_hours, "assign" if step.action == "unassign" else step.action, *args))
    return steps


def check(old) -> None:
    cw = data.load()
    pairs = {
        "TEAMS": (
            [dict(slug=t.slug, name=t.name, email=t.email, is_fallback=t.is_fallback) for t in cw.teams],
            old.TEAMS,
        ),
        "RULES": ([(r.order, r.name, r.pathway, r.nation, r.topic, r.team) for r in cw.rules], old.RULES),
        "ADVISERS": (
            [
                (a.key, a.email, a.first_name, a.last_name, a.teams, a.is_lead, a.capacity)
                for a in cw.advisers
            ],
            [
                (a.local_part, a.email, a.first_name, a.last_name, a.teams, a.is_lead, a.capacity)
                for a in old.ADVISERS
            ],
        ),
        "CANNED": ([dict(title=c.title, team=c.team, body=c.body) for c in cw.canned], old.CANNED),
        "SCENARIOS (with HISTORY)": (
            [
                (s.key, s.who, s.nation, s.topic, s.name, s.email, s.subject, s.body, s.hours_ago)
                + (legacy_steps(s), s.profession, s.hcpc_number, s.due)
                for s in cw.scenarios
            ],
            [
                (s.key, s.who, s.nation, s.topic, s.name, s.email, s.subject, s.body, s.hours_ago)
                + (list(s.steps), s.profession, s.hcpc_number, s.due)
                for s in old.SCENARIOS
            ],
        ),
        "RATINGS (in order)": (
            [
                (s.key, (s.rating.score, s.rating.comment, s.rating.hours_after_resolved))
                for s in cw.scenarios
                if s.rating
            ],
            list(old.RATINGS.items()),
        ),
        "REFUSED": (cw.refused, old.REFUSED),
        "POSTMARK_REFUSAL": (cw.refusal, old.POSTMARK_REFUSAL),
        "inbound emails (NADIA_REPLY, DANIEL_CHASE, GARETH_AWAY, STRAY_EMAIL and _inbound_emails)": (
            [
                (i.key, i.kind, i.enquiry, i.sender, i.subject, i.hours_ago, i.minutes_after_reply, i.body)
                for i in cw.inbound
            ],
            legacy_inbound(old),
        ),
        "DELIVERY_PROBLEMS": (
            [
                (p.enquiry, p.email, p.report, datetime.timedelta(seconds=p.after_seconds))
                for p in cw.delivery_problems
            ],
            old.DELIVERY_PROBLEMS,
        ),
        "POSTMARK_REPORTS": (
            {
                name: (r.event, r.reject_reason, r.record_type, r.type, r.description, r.details)
                for name, r in cw.reports.items()
            },
            old.POSTMARK_REPORTS,
        ),
    }
    failed = [name for name, (loaded, python) in pairs.items() if loaded != python]
    for name, (_loaded, python) in pairs.items():
        size = "" if isinstance(python, str) else f" ({len(python)})"
        print(f"  {'same' if name not in failed else 'DIFFERENT'}: {name}{size}")
    if failed:
        raise SystemExit(f"round trip failed: {', '.join(failed)}")
    print("round trip: the files load back to exactly the Python data")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rev", help="the git revision whose enquiries/demo.py to read")
    parser.add_argument("--check-only", action="store_true", help="do not write the files, only compare")
    args = parser.parse_args()
    old = legacy_module(args.rev)
    if not args.check_only:
        write(old)
    check(old)


if __name__ == "__main__":
    main()
