"""Declarations of the models of Django, Wagtail, allauth and the other third-party apps (the project's
own apps declare theirs in `<app>/privacy.py`), one module per origin. Each registers its declarations
when imported; portal.privacy.load() imports them (registry.DECLARATION_MODULES) before the apps'."""

from __future__ import annotations

from portal.privacy.registry import installed_model, no_personal_data

#: The reason for a `name` field given by administrators (a group's, a collection's, a workflow's...).
ADMIN_NAME = {"name": "the name an administrator gave it, e.g. 'Advisers' or 'Root'"}


def exempt_if_installed(exempt: dict[str, tuple[str, dict[str, str]]]) -> None:
    """Declare free of personal data each model of `exempt` (label -> (reason, field reasons)) whose app
    is installed."""
    for label, (reason, fields) in exempt.items():
        model = installed_model(label)
        if model is not None:
            no_personal_data(model, reason=reason, fields=fields)
