"""The enquiries demo: teams, routing rules, advisers, canned responses and about 55 enquiries in every
state, with threads that read like real casework, spread over the past year (so the reports have figures
to show), and some enquirers' ratings.

The data is in demo/casework/ (demo/README.md), read and checked by `data.load()`; `player` plays it
through the real services. `seed_enquiries()` is idempotent (run it as often as you like) and is called
by `manage.py seed_demo` (and by `manage.py seed_enquiries` on its own). The people and their questions
are invented; the answers follow /work/shared/domain/FACTS.md.
"""

from enquiries.demo.data import Casework, load
from enquiries.demo.player import DEFAULT_PASSWORD, SUBMISSION_PREFIX, demo_password, seed_enquiries

__all__ = ["DEFAULT_PASSWORD", "SUBMISSION_PREFIX", "Casework", "demo_password", "load", "seed_enquiries"]
