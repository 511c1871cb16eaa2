"""The demo's accounts: one per role, all at demo.sor.example, with the published demo password (the seeder
refuses to run unless DEBUG is on).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from enquiries.selectors import ADVISERS_GROUP, TEAM_LEADS_GROUP

DEMO_DOMAIN = "demo.sor.example"


@dataclass(frozen=True)
class DemoUser:
    local_part: str
    first_name: str
    last_name: str
    role: str
    groups: tuple[str, ...] = ()
    is_staff: bool = False
    is_superuser: bool = False

    @property
    def email(self) -> str:
        return f"{self.local_part}@{DEMO_DOMAIN}"


DEMO_USERS = [
    DemoUser("admin", "Alex", "Morgan", "Superuser (everything)", is_staff=True, is_superuser=True),
    DemoUser(
        "editor",
        "Eleanor",
        "Price",
        "Editor: writes pages, submits them for moderation",
        groups=("Editors",),
        is_staff=True,
    ),
    DemoUser(
        "moderator",
        "Mohammed",
        "Rahman",
        "Moderator: approves and publishes",
        groups=("Moderators",),
        is_staff=True,
    ),
    DemoUser(
        "adviser",
        "Aisha",
        "Okafor",
        "Adviser: answers enquiries (RtP England team)",
        groups=(ADVISERS_GROUP,),
        is_staff=True,
    ),
    DemoUser(
        "teamlead",
        "Tom",
        "Gallagher",
        "Team lead: leads the advice teams, escalations",
        groups=(ADVISERS_GROUP, TEAM_LEADS_GROUP),
        is_staff=True,
    ),
    DemoUser(
        "manager",
        "Morag",
        "Campbell",
        "Manager: sees members-only resources",
        groups=(settings.PORTAL_MANAGERS_GROUP,),
    ),
    DemoUser("returnee", "Rebecca", "Hughes", "Returnee: ordinary account"),
    DemoUser("recruit", "Ravi", "Menon", "International recruit: ordinary account"),
]
