"""Canned responses are bodies only (enquiries.letters): take the greeting ("Dear {first_name},") and the
sign-off ("Best wishes, {adviser_name}, Society of Radiographers") off the ones saved before that rule,
so that an inserted response no longer repeats the reply's own. The rule is copied here as it stood,
so that this migration does the same thing whatever letters.py becomes. A body that would be left empty
is left as it was, for a team lead to rewrite."""

import re

from django.db import migrations, models

GREETING = re.compile(
    r"^\s*(dear|hello|hi|hiya|hey|greetings|good (morning|afternoon|evening))\b[^,.!?\n]{0,40}[,!]?\s*",
    re.IGNORECASE,
)
SIGN_OFF = re.compile(
    r"^\s*((best|kind|warm|warmest|with best|many|all the best|with kind)\s*(wishes|regards|thanks)?"
    r"|regards|thanks|thank you|cheers|yours( sincerely| faithfully| truly)?|all the best)\s*[,.!]?",
    re.IGNORECASE,
)
SIGNATURE_LINE = re.compile(r"^\s*(.*\{adviser_name\}[.,]?|society of radiographers\b.*)\s*$", re.IGNORECASE)


def body_only(body: str) -> str:
    lines = body.replace("\r\n", "\n").strip().split("\n")
    if lines and GREETING.match(lines[0]):
        lines[0] = GREETING.sub("", lines[0], count=1)
    while lines and not lines[-1].strip():
        lines.pop()
    signs = [
        i for i, line in enumerate(lines) if i >= len(lines) - 4 and SIGN_OFF.match(line) and line.strip()
    ]
    if (
        signs
        and all(SIGNATURE_LINE.match(line) or len(line.split()) <= 4 for line in lines[signs[0] + 1 :])
        and len(lines[signs[0]].split()) <= 6
    ):
        lines = lines[: signs[0]]
    while lines and (not lines[-1].strip() or SIGNATURE_LINE.match(lines[-1])):
        lines.pop()
    result = "\n".join(lines).strip()
    return result or body


def strip_greetings_and_sign_offs(apps, schema_editor):
    CannedResponse = apps.get_model("enquiries", "CannedResponse")
    for canned in CannedResponse.objects.only("pk", "body"):
        body = body_only(canned.body)
        if body != canned.body:
            CannedResponse.objects.filter(pk=canned.pk).update(body=body)


class Migration(migrations.Migration):
    dependencies = [
        ("enquiries", "0007_outboundemail_review_kind"),
    ]

    operations = [
        migrations.AlterField(
            model_name="cannedresponse",
            name="body",
            field=models.TextField(
                help_text="The answer only: the reply already starts with 'Dear <first name>,' and ends with "
                "the adviser's sign-off. You can use {first_name}, {reference} and {adviser_name}: they are "
                "filled in when an adviser chooses this response."
            ),
        ),
        # Not reversible into the old texts (they are not kept); going back leaves the bodies as they are.
        migrations.RunPython(strip_greetings_and_sign_offs, migrations.RunPython.noop),
    ]
