"""Read and check the casework demo's files in demo/casework/ (format: demo/README.md).

Reads with the demo's one loader (portal.demo_data.read_toml) and checks everything that can be checked
without a database: every table's keys, each step's action and what it needs, and every name the files
use (statuses, teams, advisers, topics, nations, earlier enquiries). A mistake is a DemoDataError naming
the file and the entry, for example:

    demo/casework/enquiries/01-returners-england.toml: enquiry e04, step 1: unknown action 'replay'
    (actions: reply, enquirer, note, status, assign, unassign, merge)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from anymail.signals import EventType, RejectReason

from enquiries.models import Enquiry, OutboundEmail
from enquiries.states import AFTER_REPLY
from portal.demo_data import DEMO_DIR, DemoDataError, check_keys, file_name, read_taxonomy, read_toml

S = Enquiry.Status

#: What each step's action needs, and may have, besides `action` and its time.
ACTIONS: dict[str, tuple[set[str], set[str]]] = {
    "reply": ({"text", "then"}, set()),  # an adviser's reply; `then` is the status after it
    "enquirer": ({"text"}, set()),  # the enquirer writes back on the web
    "note": ({"text"}, set()),  # an internal note
    "status": ({"to"}, set()),  # a status change
    "assign": ({"adviser"}, set()),  # assign to an adviser, by the part of their email before the @
    "unassign": (set(), set()),  # take it off the adviser's list
    "merge": ({"into"}, set()),  # a duplicate: merge into an enquiry played earlier
}
ENQUIRY_KEYS = (
    {"key", "who", "nation", "topic", "name", "email", "subject", "body"},
    {"hours_ago", "days_ago", "profession", "hcpc_number", "due", "step", "rating"},
)
DUE = ("overdue", "soon")
INBOUND_KINDS = {
    # the enquirer answers our latest reply by email, quoting it; arrives `hours_ago`, at least an hour
    # after our reply
    "reply": ({"key", "kind", "enquiry", "hours_ago", "body"}, set()),
    # an automatic reply (out of office) to our latest reply, `minutes_after_reply` after it
    "auto_reply": ({"key", "kind", "enquiry", "minutes_after_reply", "body"}, set()),
    # a new email to the enquiries address; {reference} in its subject and body is the named enquiry's
    "new": ({"key", "kind", "from", "subject", "hours_ago", "body"}, {"enquiry"}),
}
REPORT_KEYS = ({"event", "record_type", "details"}, {"reject_reason", "type", "description"})


@dataclass(frozen=True)
class Team:
    slug: str
    name: str
    email: str
    is_fallback: bool


@dataclass(frozen=True)
class Rule:
    order: int
    name: str
    team: str
    pathway: str | None = None
    nation: str | None = None
    topic: str | None = None


@dataclass(frozen=True)
class Adviser:
    email: str
    first_name: str
    last_name: str
    teams: tuple[str, ...]
    is_lead: bool = False
    capacity: int = 20

    @property
    def key(self) -> str:
        """How steps name the adviser: the part of the email before the @."""
        return self.email.split("@", 1)[0]


@dataclass(frozen=True)
class Canned:
    title: str
    body: str
    team: str | None = None


@dataclass(frozen=True)
class Step:
    at_hours: float  # after the enquiry arrived
    action: str
    text: str = ""
    then: str = ""
    to: str = ""
    adviser: str = ""
    into: str = ""


@dataclass(frozen=True)
class Rating:
    score: int
    comment: str
    hours_after_resolved: float


@dataclass(frozen=True)
class Scenario:
    """One enquiry and what happened to it."""

    key: str
    file: str
    who: str
    nation: str
    topic: str
    name: str
    email: str
    subject: str
    body: str
    hours_ago: float
    steps: tuple[Step, ...] = ()
    profession: str = Enquiry.Profession.DIAGNOSTIC
    hcpc_number: str = ""
    due: str = ""  # "overdue" or "soon": the deadline is set so that the inboxes show both
    rating: Rating | None = None


@dataclass(frozen=True)
class Inbound:
    key: str
    kind: str
    body: str
    enquiry: str = ""
    sender: str = ""
    subject: str = ""
    hours_ago: float = 0
    minutes_after_reply: float = 0


@dataclass(frozen=True)
class DeliveryProblem:
    enquiry: str
    email: str  # an OutboundEmail kind: the first such email sent about the enquiry
    report: str
    after_seconds: float


@dataclass(frozen=True)
class Report:
    """A delivery report as the provider (Postmark) sends it and anymail reads it."""

    event: str
    record_type: str
    details: str
    reject_reason: str | None = None
    type: str = ""
    description: str = ""


@dataclass(frozen=True)
class Casework:
    teams: tuple[Team, ...]
    rules: tuple[Rule, ...]
    advisers: tuple[Adviser, ...]
    canned: tuple[Canned, ...]
    scenarios: tuple[Scenario, ...]
    refused: frozenset[str]
    refusal: str
    inbound: tuple[Inbound, ...]
    delivery_problems: tuple[DeliveryProblem, ...]
    reports: dict[str, Report]

    @property
    def lead(self) -> Adviser:
        """The team lead: acts on enquiries that have no adviser."""
        return next(adviser for adviser in self.advisers if adviser.is_lead)

    def scenario(self, key: str) -> Scenario:
        return next(scenario for scenario in self.scenarios if scenario.key == key)


def _text(value, where: str) -> str:
    if not isinstance(value, str):
        raise DemoDataError(f"{where}: expected text")
    return value.strip()


def _number(value, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise DemoDataError(f"{where}: expected a number, 0 or more")
    return value


def _one_of(value, choices, what: str, where: str) -> str:
    if value not in choices:
        raise DemoDataError(f"{where}: unknown {what} {value!r} ({what}s: {', '.join(map(str, choices))})")
    return value


def _values(constants: type) -> list[str]:
    """The values of anymail's EventType or RejectReason (classes of string constants)."""
    return [value for name, value in vars(constants).items() if name.isupper()]


def _table_list(data: dict, name: str, where: str) -> list[dict]:
    entries = data.get(name, [])
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise DemoDataError(f"{where}: [[{name}]] must be a list of tables")
    return entries


def _teams_file(root: Path, taxonomy: dict) -> tuple:
    path = root / "casework" / "teams.toml"
    where = file_name(path, root)
    data = read_toml(path, root)
    check_keys(data, {"team", "rule", "adviser", "canned"}, set(), where)

    teams = []
    for index, entry in enumerate(_table_list(data, "team", where), start=1):
        here = f"{where}: team {index} ({entry.get('slug', 'no slug')})"
        check_keys(entry, {"slug", "name", "email"}, {"fallback"}, here)
        teams.append(Team(entry["slug"], entry["name"], entry["email"], bool(entry.get("fallback", False))))
    slugs = [team.slug for team in teams]
    if len(set(slugs)) != len(slugs):
        raise DemoDataError(f"{where}: a team slug is used twice")
    if [team.is_fallback for team in teams].count(True) != 1:
        raise DemoDataError(f"{where}: exactly one team has fallback = true")

    names = {kind: [row["slug"] for row in taxonomy[kind]] for kind in ("pathway", "nation", "topic")}
    rules = []
    for index, entry in enumerate(_table_list(data, "rule", where), start=1):
        here = f"{where}: rule {index} ({entry.get('name', 'no name')})"
        check_keys(entry, {"order", "name", "team"}, {"pathway", "nation", "topic"}, here)
        _one_of(entry["team"], slugs, "team", here)
        for kind in ("pathway", "nation", "topic"):
            if kind in entry:
                _one_of(entry[kind], names[kind], kind, here)
        rules.append(Rule(**entry))

    advisers = []
    for index, entry in enumerate(_table_list(data, "adviser", where), start=1):
        here = f"{where}: adviser {index} ({entry.get('email', 'no email')})"
        check_keys(entry, {"email", "first_name", "last_name", "teams"}, {"lead", "capacity"}, here)
        for slug in entry["teams"]:
            _one_of(slug, slugs, "team", here)
        advisers.append(
            Adviser(
                email=entry["email"],
                first_name=entry["first_name"],
                last_name=entry["last_name"],
                teams=tuple(entry["teams"]),
                is_lead=bool(entry.get("lead", False)),
                capacity=int(_number(entry.get("capacity", 20), f"{here}: capacity")),
            )
        )
    if not any(adviser.is_lead for adviser in advisers):
        raise DemoDataError(f"{where}: one adviser must have lead = true (the team lead)")

    canned = []
    for index, entry in enumerate(_table_list(data, "canned", where), start=1):
        here = f"{where}: canned response {index} ({entry.get('title', 'no title')})"
        check_keys(entry, {"title", "body"}, {"team"}, here)
        if "team" in entry:
            _one_of(entry["team"], slugs, "team", here)
        canned.append(Canned(entry["title"], _text(entry["body"], here), entry.get("team")))
    return tuple(teams), tuple(rules), tuple(advisers), tuple(canned)


def _step(entry, here: str, advisers: list[str], earlier: list[str]) -> Step:
    if not isinstance(entry, dict):
        raise DemoDataError(f"{here}: expected a table")
    action = entry.get("action")
    _one_of(action, list(ACTIONS), "action", here)
    required, optional = ACTIONS[action]
    times = [key for key in ("at_hours", "at_days") if key in entry]
    if len(times) != 1:
        raise DemoDataError(f"{here}: give the step's time as at_hours or at_days (one of them)")
    check_keys(entry, required | {"action", times[0]}, optional, here)
    hours = _number(entry[times[0]], f"{here}: {times[0]}") * (24 if times[0] == "at_days" else 1)
    values = {}
    if "text" in entry:
        values["text"] = _text(entry["text"], here)
    if "then" in entry:
        values["then"] = _one_of(entry["then"], [str(s) for s in AFTER_REPLY], "status after a reply", here)
    if "to" in entry:
        values["to"] = _one_of(entry["to"], S.values, "status", here)
    if "adviser" in entry:
        values["adviser"] = _one_of(entry["adviser"], advisers, "adviser", here)
    if "into" in entry:
        if entry["into"] not in earlier:
            raise DemoDataError(
                f"{here}: merge into {entry['into']!r}: no enquiry with that key is played before this one"
            )
        values["into"] = entry["into"]
    return Step(at_hours=hours, action=action, **values)


def _scenario(
    entry, here: str, file: str, taxonomy: dict, advisers: list[str], earlier: list[str]
) -> Scenario:
    check_keys(entry, *ENQUIRY_KEYS, here)
    _one_of(entry["who"], Enquiry.Who.values, "who", here)
    _one_of(entry["nation"], [row["slug"] for row in taxonomy["nation"]], "nation", here)
    _one_of(entry["topic"], [row["slug"] for row in taxonomy["topic"]], "topic", here)
    times = [key for key in ("hours_ago", "days_ago") if key in entry]
    if len(times) != 1:
        raise DemoDataError(f"{here}: give when it arrived as hours_ago or days_ago (one of them)")
    hours_ago = _number(entry[times[0]], f"{here}: {times[0]}") * (24 if times[0] == "days_ago" else 1)
    if "profession" in entry:
        _one_of(entry["profession"], Enquiry.Profession.values, "profession", here)
    if "due" in entry:
        _one_of(entry["due"], DUE, "due", here)
    steps = tuple(
        _step(step, f"{here}, step {number}", advisers, earlier)
        for number, step in enumerate(_table_list(entry, "step", here), start=1)
    )
    rating = None
    if "rating" in entry:
        value = entry["rating"]
        if not isinstance(value, dict):
            raise DemoDataError(f"{here}: [enquiry.rating] must be a table")
        check_keys(value, {"score", "hours_after_resolved"}, {"comment"}, f"{here}, rating")
        if value["score"] not in range(1, 6):
            raise DemoDataError(f"{here}, rating: score must be 1 to 5")
        hours = _number(value["hours_after_resolved"], f"{here}, rating: hours_after_resolved")
        rating = Rating(value["score"], value.get("comment", ""), hours)
    return Scenario(
        key=entry["key"],
        file=file,
        who=entry["who"],
        nation=entry["nation"],
        topic=entry["topic"],
        name=entry["name"],
        email=entry["email"],
        subject=entry["subject"],
        body=_text(entry["body"], here),
        hours_ago=hours_ago,
        steps=steps,
        profession=entry.get("profession", Enquiry.Profession.DIAGNOSTIC),
        hcpc_number=entry.get("hcpc_number", ""),
        due=entry.get("due", ""),
        rating=rating,
    )


def _enquiry_files(root: Path, taxonomy: dict, advisers: list[str]) -> tuple[Scenario, ...]:
    """Every enquiry, in the order the demo plays them: files by name, then entries in file order."""
    folder = root / "casework" / "enquiries"
    paths = sorted(folder.glob("*.toml"))
    if not paths:
        raise DemoDataError(f"{file_name(folder, root)}: no enquiry files (*.toml)")
    scenarios: list[Scenario] = []
    for path in paths:
        where = file_name(path, root)
        data = read_toml(path, root)
        check_keys(data, {"enquiry"}, set(), where)
        for index, entry in enumerate(_table_list(data, "enquiry", where), start=1):
            here = f"{where}: enquiry {entry.get('key') or index}"
            if not entry.get("key"):
                raise DemoDataError(f"{here}: missing key")
            earlier = [scenario.key for scenario in scenarios]
            if entry["key"] in earlier:
                raise DemoDataError(f"{here}: the key {entry['key']!r} is used twice")
            scenarios.append(_scenario(entry, here, where, taxonomy, advisers, earlier))
    return tuple(scenarios)


def _mail_file(root: Path, keys: list[str]) -> tuple:
    path = root / "casework" / "mail.toml"
    where = file_name(path, root)
    data = read_toml(path, root)
    check_keys(data, {"refused", "inbound", "delivery_problem", "report"}, set(), where)

    refused = data["refused"]
    check_keys(refused, {"addresses", "message"}, set(), f"{where}: [refused]")
    if "{addresses}" not in refused["message"]:
        raise DemoDataError(f"{where}: [refused] message needs {{addresses}}, where the addresses go")

    reports = {}
    if not isinstance(data["report"], dict):
        raise DemoDataError(f"{where}: [report.NAME] must be tables")
    for name, entry in data["report"].items():
        here = f"{where}: report {name}"
        check_keys(entry, *REPORT_KEYS, here)
        _one_of(entry["event"], _values(EventType), "event", here)
        if "reject_reason" in entry:
            _one_of(entry["reject_reason"], _values(RejectReason), "reject_reason", here)
        reports[name] = Report(**entry)
    if "delivered" not in reports:
        raise DemoDataError(f"{where}: needs [report.delivered], sent for every email delivered")

    inbound = []
    for index, entry in enumerate(_table_list(data, "inbound", where), start=1):
        here = f"{where}: inbound {entry.get('key') or index}"
        kind = _one_of(entry.get("kind"), list(INBOUND_KINDS), "kind", here)
        check_keys(entry, *INBOUND_KINDS[kind], here)
        if "enquiry" in entry:
            _one_of(entry["enquiry"], keys, "enquiry", here)
        for name in ("hours_ago", "minutes_after_reply"):
            if name in entry:
                _number(entry[name], f"{here}: {name}")
        inbound.append(
            Inbound(
                key=entry["key"],
                kind=kind,
                body=_text(entry["body"], here),
                enquiry=entry.get("enquiry", ""),
                sender=entry.get("from", ""),
                subject=entry.get("subject", ""),
                hours_ago=entry.get("hours_ago", 0),
                minutes_after_reply=entry.get("minutes_after_reply", 0),
            )
        )

    problems = []
    for index, entry in enumerate(_table_list(data, "delivery_problem", where), start=1):
        here = f"{where}: delivery problem {index}"
        check_keys(entry, {"enquiry", "email", "report", "after_seconds"}, set(), here)
        _one_of(entry["enquiry"], keys, "enquiry", here)
        _one_of(entry["email"], OutboundEmail.Kind.values, "email kind", here)
        _one_of(entry["report"], [name for name in reports if name != "delivered"], "report", here)
        problems.append(
            DeliveryProblem(
                entry["enquiry"], entry["email"], entry["report"], _number(entry["after_seconds"], here)
            )
        )
    refused_addresses = frozenset(address.lower() for address in refused["addresses"])
    return refused_addresses, refused["message"].strip(), tuple(inbound), tuple(problems), reports


def load(root: Path = DEMO_DIR) -> Casework:
    """The casework demo: demo/casework/teams.toml, enquiries/*.toml and mail.toml, checked."""
    taxonomy = read_taxonomy(root)
    teams, rules, advisers, canned = _teams_file(root, taxonomy)
    scenarios = _enquiry_files(root, taxonomy, [adviser.key for adviser in advisers])
    refused, refusal, inbound, problems, reports = _mail_file(root, [s.key for s in scenarios])
    return Casework(
        teams=teams,
        rules=rules,
        advisers=advisers,
        canned=canned,
        scenarios=scenarios,
        refused=refused,
        refusal=refusal,
        inbound=inbound,
        delivery_problems=problems,
        reports=reports,
    )
