"""Personal data: what the portal holds about a person, how it is exported and how it is anonymised.

Every model of every installed app (the project's, Django's, Wagtail's, allauth's and any other
third party's; `undeclared_models()` lists any that is not, and tests/portal/test_privacy_registry.py
fails on it) is in exactly one of two lists:

- **holds personal data**: a `PersonalData` class registered with `@register`, which says how to find
  the rows about a data subject (`rows`), how a row is exported (`export`, JSON-safe), which files go
  with it (`files`), and how it is anonymised (`anonymise`) or erased (`erase_rows`);
- **holds no personal data**: `no_personal_data(model, reason=..., fields=...)`, with the reason, and a
  named reason for each field whose name looks personal (name, email, body...). A model with an email
  field or a link to the user model can never be declared free of personal data
  (tests/portal/test_privacy_registry.py fails).

The package, module by module:

- `registry`: `PersonalData`, `NoPersonalData`, `register`, `no_personal_data`, `load()` and the
  lookups (`declarations`, `declaration_for`, `exemptions`, `undeclared_models`);
- `subject`: who the data subject is (`Subject`), and the keyed hashes of the erasure log;
- `export`: `subject_export`, `subject_summary`;
- `erasure`: `erase_subject` and the erasure log; `replay`: `replay_erasures`;
- `history`: Wagtail's admin history (log entries), redacted on erasure and by the retention run;
- `declared/`: the declarations of Django's (`django`), Wagtail's (`wagtail`), the accounts'
  (`accounts`: the portal's user model, allauth's, erasure records) and the other third-party apps'
  (`third_party`) models, among them sessions, Wagtail's admin history (log entries, whose `label` is
  str(row) when logged, e.g. a suppression's address or a user's name), its search index, revisions,
  workflow, comments, uploads, editing state and user profiles, and task results.

The project's apps declare their own models next to them, in `<app>/privacy.py` (cms, casestudies,
pathways, enquiries). `load()` imports the framework's declarations and then every installed app's
privacy module (like admin.py), once; the lookups call it.

Three operations use the declarations:

- `subject_export(email, fileobj)`: a ZIP of everything about an address (data.json + files);
- `erase_subject(email, actor=, reason=)`: anonymises or deletes all of it, records an ErasureRecord
  and writes an entry to the erasure log (one object per erasure under settings.PRIVACY_ERASURE_LOG
  in the private storage: the private bucket or folder, shared by every machine and outside the
  database backups) holding only HMACs of the
  address and of the accounts' ids, so that `replay_erasures()` can erase it again after a backup is
  restored: only what existed at the time of the erasure (see `replay_erasures` for the rule, model by
  model), never what the person gave us after it;
- the retention run (enquiries/retention.py) uses the same per-model anonymised values, and redacts
  the admin history of what it anonymises (`history_redact`, `history_sweep`).

Nothing here logs an address or a name: log lines carry ids, counts and erasure ids.

Who the subject is: the address asked about, plus every account whose login address is that address
or which has it as a verified address, plus those accounts' other addresses. Rows are found through
structured fields (an address column, a link to the account, a link to one of the subject's
enquiries), never by searching free text: a message in someone else's enquiry that merely mentions
the address belongs to that other person, so it is not in the subject's export, and erasure only
replaces the address itself in such text with "[address removed]" (`redact_mentions`). Files are not
searched: a raw email of someone else's that quotes the address stays until that enquiry's retention.
"""

from __future__ import annotations

from .erasure import (
    ErasureLogError,
    erase_all,
    erase_subject,
    erasure_log_location,
    erasure_log_storage,
    read_erasure_log,
)
from .export import EXPORT_README, subject_export, subject_summary
from .history import (
    HISTORY_LABEL_ERASED,
    HistoryMentions,
    content_type_ids,
    history_about,
    history_redact,
    history_sweep,
    object_keys,
    redact_entries,
)
from .registry import (
    ADDRESS_PATTERN,
    ADDRESS_REMOVED,
    DECLARATION_MODULES,
    PERSONAL_LOOKING_NAME,
    AccountData,
    FilesToDelete,
    NoPersonalData,
    PersonalData,
    StaffWorkData,
    can_manage_personal_data,
    declaration_for,
    declarations,
    exemption_problems,
    exemptions,
    installed_model,
    json_safe,
    load,
    mention_pattern,
    no_personal_data,
    redact_addresses,
    redact_json,
    register,
    undeclared_models,
)
from .replay import ReplayResult, addresses_held, replay_erasures, replay_subject
from .subject import (
    Subject,
    account_hash,
    email_q,
    erasure_key,
    key_fingerprint,
    normalise_email,
    subject_hash,
)

__all__ = [
    "ADDRESS_PATTERN",
    "ADDRESS_REMOVED",
    "DECLARATION_MODULES",
    "EXPORT_README",
    "HISTORY_LABEL_ERASED",
    "PERSONAL_LOOKING_NAME",
    "AccountData",
    "ErasureLogError",
    "FilesToDelete",
    "HistoryMentions",
    "NoPersonalData",
    "PersonalData",
    "ReplayResult",
    "StaffWorkData",
    "Subject",
    "account_hash",
    "addresses_held",
    "can_manage_personal_data",
    "content_type_ids",
    "declaration_for",
    "declarations",
    "email_q",
    "erase_all",
    "erase_subject",
    "erasure_key",
    "erasure_log_location",
    "erasure_log_storage",
    "exemption_problems",
    "exemptions",
    "history_about",
    "history_redact",
    "history_sweep",
    "installed_model",
    "json_safe",
    "key_fingerprint",
    "load",
    "mention_pattern",
    "no_personal_data",
    "normalise_email",
    "object_keys",
    "read_erasure_log",
    "redact_addresses",
    "redact_entries",
    "redact_json",
    "register",
    "replay_erasures",
    "replay_subject",
    "subject_export",
    "subject_hash",
    "subject_summary",
    "undeclared_models",
]
