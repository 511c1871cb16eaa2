"""A reply's greeting and sign-off: the composer's, once.

The adviser's reply box starts as "Dear <first name>," and "Best wishes, <adviser>, Society of
Radiographers" with room between them. Canned responses are bodies only: one is inserted where the
adviser is writing, above the sign-off, so a reply never reads "Dear Sam, ... Dear Sam,". A canned
response that opens with its own greeting or ends with its own sign-off is refused when it is saved
(CannedResponse.clean), and migration 0008 took them off the responses saved before this rule.

Pure functions of text, so the rule is one thing the model, the workspace view and the demo share.
"""

from __future__ import annotations

import re

ORGANISATION = "Society of Radiographers"

#: A first line that greets: "Dear Sam,", "Hello", "Hi {first_name}", "Good morning Sam".
GREETING = re.compile(
    r"^\s*(dear|hello|hi|hiya|hey|greetings|good (morning|afternoon|evening))\b", re.IGNORECASE
)
#: A line that signs off: "Best wishes," "Kind regards" "Yours sincerely," "Many thanks" ...
SIGN_OFF = re.compile(
    r"^\s*((best|kind|warm|warmest|with best|many|all the best|with kind)\s*(wishes|regards|thanks)?"
    r"|regards|thanks|thank you|cheers|yours( sincerely| faithfully| truly)?|all the best)\s*[,.!]?\s*$",
    re.IGNORECASE,
)
#: Lines that close a letter under the sign-off: the adviser's name and the organisation.
SIGNATURE_LINE = re.compile(r"^\s*(.*\{adviser_name\}[.,]?|society of radiographers\b.*)\s*$", re.IGNORECASE)


def greeting(first_name: str) -> str:
    return f"Dear {first_name}," if first_name.strip() else "Hello,"


def sign_off(adviser_name: str) -> str:
    return "\n".join(line for line in ("Best wishes,", adviser_name.strip(), ORGANISATION) if line)


def starting_draft(*, first_name: str, adviser_name: str) -> str:
    """The reply box before the adviser writes: the greeting, an empty line to write on, the sign-off."""
    return f"{greeting(first_name)}\n\n\n\n{sign_off(adviser_name)}"


def _lines(text: str) -> list[str]:
    return [line for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def opens_with_greeting(body: str) -> bool:
    lines = _lines(body)
    return bool(lines) and bool(GREETING.match(lines[0]))


def ends_with_sign_off(body: str) -> bool:
    """True if the body ends as a letter does: a sign-off line ("Best wishes,") followed only by a name
    or the organisation, or the {adviser_name} placeholder on a line of its own."""
    tail = _lines(body)[-4:]
    if tail and SIGNATURE_LINE.match(tail[-1]):
        return True
    for index, line in enumerate(tail):
        if SIGN_OFF.match(line):
            after = tail[index + 1 :]
            return all(SIGNATURE_LINE.match(name) or len(name.split()) <= 4 for name in after)
    return False


def insert(draft: str, text: str, *, adviser_name: str) -> str:
    """`text` (a filled-in canned response) added below what the adviser has written and above their
    sign-off, when the draft still ends with it; otherwise at the end."""
    closing = sign_off(adviser_name)
    normalised = draft.replace("\r\n", "\n").rstrip()
    if normalised.endswith(closing):
        above = normalised[: -len(closing)].rstrip()
        return f"{above}\n\n{text.strip()}\n\n{closing}" if above else f"{text.strip()}\n\n{closing}"
    return f"{normalised}\n\n{text.strip()}" if normalised.strip() else text.strip()


def is_only_the_frame(body: str, *, first_name: str, adviser_name: str) -> bool:
    """True if the reply holds nothing but its greeting and sign-off (nothing written between)."""
    rest = body.replace("\r\n", "\n").strip()
    opening, closing = greeting(first_name), sign_off(adviser_name)
    if rest.startswith(opening):
        rest = rest[len(opening) :]
    if rest.rstrip().endswith(closing):
        rest = rest.rstrip()[: -len(closing)]
    return not rest.strip()
