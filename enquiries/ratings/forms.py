"""The "how did we do?" form behind the link in the email sent when an enquiry is resolved."""

from __future__ import annotations

import unicodedata

from django import forms

from enquiries.models import SatisfactionRating
from enquiries.ratings.service import COMMENT_MAX_LENGTH
from portal.forms import PublicForm

SCORE_ERROR = "Choose a score from 1 (very poor) to 5 (very good)"
#: Bidirectional overrides and isolates: they can make shown text read differently from what is stored.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def score_choices() -> list[tuple[int, str]]:
    """The model's scores, best first, as a reader hears them: 'Very good (5 out of 5)'."""
    choices = []
    for score, label in SatisfactionRating.SCORES:
        words = label.partition(" - ")[2] or label
        choices.append((score, f"{words} ({score} out of 5)"))
    return choices


def parse_score(value) -> int | None:
    """A score from a link's ?score=: 1 to 5, or None for anything else (nothing is guessed)."""
    value = str(value or "").strip()
    if value.isascii() and value.isdigit() and int(value) in dict(SatisfactionRating.SCORES):
        return int(value)
    return None


class PlainTextField(forms.CharField):
    """Free text kept as plain text: control characters (null bytes included) and bidirectional
    overrides are removed before the length is checked, line endings become \\n, and tabs and line
    breaks stay. HTML is not removed: it is kept as typed and escaped wherever it is shown.

    Django's CharField would refuse a null byte with a message the reader cannot act on, and keeps
    other control characters, which have no place in a comment and can break exports.
    """

    def to_python(self, value):
        value = super().to_python(value)
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        return "".join(
            char
            for char in value
            if char in "\n\t" or (unicodedata.category(char) != "Cc" and char not in BIDI_CONTROLS)
        ).strip()


class RatingForm(PublicForm):
    """`score_in_email`: the page opens with the one-press button for the score chosen in the email,
    so this full form comes second and its question has the smaller legend."""

    score = forms.TypedChoiceField(
        label="How would you rate the help you had with your enquiry?",
        choices=score_choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": SCORE_ERROR, "invalid_choice": SCORE_ERROR},
    )
    comment = PlainTextField(
        label="Tell us more (optional)",
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        help_text=f"What went well, or what could we do better? Please do not include your name or other "
        f"personal details. Up to {COMMENT_MAX_LENGTH:,} characters.",
        widget=forms.Textarea(attrs={"rows": 3}),  # short, so that the button stays in view
        error_messages={
            "max_length": f"Your comment must be {COMMENT_MAX_LENGTH:,} characters or fewer. "
            "It has %(show_value)s."
        },
    )

    def __init__(self, *args, score_in_email: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_display("score", "label_size", "s" if score_in_email else "m")
