"""Wagtail's admin history (log entries) of rows that hold personal data: an entry's `label` is str(row)
when logged (a suppression's address, a user's name) and its `data` may quote values. Used by erasure
(the declarations of wagtailcore.ModelLogEntry and PageLogEntry, in declared/wagtail.py) and by the
retention run (`history_redact`, `history_sweep`)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.apps import apps as django_apps
from django.db import models
from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast

from .registry import ADDRESS_PATTERN, ADDRESS_REMOVED, declarations, mention_pattern, redact_json
from .subject import Subject

#: What an admin history entry about an erased person's row is called instead of str(row).
HISTORY_LABEL_ERASED = "[personal data erased]"


def content_type_ids(model: type[models.Model]) -> QuerySet:
    """The content types of a model and of its proxies (Wagtail logs a proxy's rows under the proxy),
    as a subquery: no query of its own, and no cache to warm."""
    from django.contrib.contenttypes.models import ContentType

    names = {model._meta.model_name} | {
        m._meta.model_name
        for m in django_apps.get_models()
        if m._meta.proxy and m._meta.concrete_model is model._meta.concrete_model
    }
    return ContentType.objects.filter(app_label=model._meta.app_label, model__in=names).values("pk")


def object_keys(queryset: QuerySet) -> QuerySet:
    """The primary keys of a queryset as text (how generic relations store them), as a subquery."""
    return (
        queryset.order_by()
        .annotate(privacy_object_key=Cast("pk", output_field=models.CharField(max_length=255)))
        .values("privacy_object_key")
    )


def history_about(subject: Subject) -> Q:
    """ModelLogEntry rows about the subject's own rows, in every declaration that may be in the admin
    history (`in_admin_history`), by content type and object id: one query, however many models."""
    conditions = [Q(pk__in=[])]
    for declaration in declarations():
        if declaration.in_admin_history:
            conditions.append(
                Q(
                    content_type_id__in=content_type_ids(declaration.model),
                    object_id__in=object_keys(declaration.rows(subject)),
                )
            )
    return reduce(or_, conditions)


def _history_models():
    from wagtail.models import ModelLogEntry, PageLogEntry

    return ModelLogEntry, PageLogEntry


def redact_entries(entries, pattern: re.Pattern, *, erase_label: bool = False) -> int:
    """Rewrite log entries: the label erased (or the matches of `pattern` taken out of it) and the
    matches taken out of `data`. Saved with update() (a log entry's save() re-validates its action)."""
    changed = 0
    for entry in entries:
        label = HISTORY_LABEL_ERASED if erase_label else pattern.sub(ADDRESS_REMOVED, entry.label or "")
        data = redact_json(entry.data, pattern)
        if label != entry.label or data != entry.data:
            type(entry).objects.filter(pk=entry.pk).update(label=label, data=data)
            changed += 1
    return changed


def history_redact(model: type[models.Model], ids: Iterable) -> int:
    """Retention: the admin history of these rows of `model` loses its labels (str(row) when logged)
    and the addresses in its data. Returns how many entries changed."""
    ModelLogEntry, _ = _history_models()
    keys = [str(pk) for pk in ids]
    if not keys:
        return 0
    entries = ModelLogEntry.objects.filter(
        content_type_id__in=content_type_ids(model), object_id__in=keys
    ).only("pk", "label", "data")
    return redact_entries(entries, ADDRESS_PATTERN, erase_label=True)


def history_sweep(cutoff: datetime.datetime) -> int:
    """Retention: every address in admin history entries (pages' and other models') logged before
    `cutoff` is replaced, in the label and in the data. Returns how many entries changed."""
    changed = 0
    for log_model in _history_models():
        entries = (
            log_model.objects.filter(timestamp__lt=cutoff)
            .annotate(privacy_data_text=Cast("data", output_field=TextField()))
            .filter(Q(label__contains="@") | Q(privacy_data_text__contains="@"))
            .only("pk", "label", "data")
        )
        changed += redact_entries(entries.iterator(), ADDRESS_PATTERN)
    return changed


class HistoryMentions:
    """Admin history entries of anyone that give one of the subject's addresses (a suppression's
    label is its address): the address is taken out of the label and the data."""

    created_field = "timestamp"

    def redact_mentions(self, subject: Subject) -> int:
        if not subject.emails:
            return 0
        condition = reduce(
            or_,
            (Q(label__icontains=e) | Q(privacy_data_text__icontains=e) for e in subject.emails),
        )
        entries = (
            self.model.objects.annotate(privacy_data_text=Cast("data", output_field=TextField()))
            .filter(condition & subject.made_by(self.created_field))
            .only("pk", "label", "data")
        )
        return redact_entries(list(entries), mention_pattern(subject.emails))
