"""Every StreamField block the portal's pages use, each with an icon, a template and a preview."""

import datetime

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils import timezone

from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link", "hr"]
SIMPLE_RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]


class RichTextBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/rich_text.html"
        preview_value = (
            "<p>Returning after a career break is common: most people need 30 or 60 days of updating.</p>"
        )
        description = "Paragraphs, headings, lists and links"


class CalloutBlock(blocks.StructBlock):
    KIND_CHOICES = [
        ("info", "Information"),
        ("important", "Important"),
        ("warning", "Warning"),
    ]
    kind = blocks.ChoiceBlock(choices=KIND_CHOICES, default="info")
    heading = blocks.CharBlock(max_length=120)
    body = blocks.RichTextBlock(features=SIMPLE_RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        template = "blocks/callout.html"
        preview_value = {
            "kind": "important",
            "heading": "Check before you pay",
            "body": "<p>Fees change each spring. Check the HCPC fees page before you apply.</p>",
        }
        description = "A highlighted box for something people must not miss"


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=160)
    body = blocks.RichTextBlock(features=SIMPLE_RICH_TEXT_FEATURES)

    class Meta:
        icon = "list-ol"


class StepByStepBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=160)
    steps = blocks.ListBlock(StepBlock(), min_num=2)

    class Meta:
        icon = "list-ol"
        template = "blocks/step_by_step.html"
        preview_value = {
            "heading": "How to apply for readmission",
            "steps": [
                {"title": "Work out how many days you need", "body": "<p>It depends on your time away.</p>"},
                {"title": "Complete your updating", "body": "<p>Mix supervised practice and study.</p>"},
                {
                    "title": "Send the readmission form",
                    "body": "<p>HCPC aims to decide in 10 working days.</p>",
                },
            ],
        }
        description = "Numbered steps in order"

    def clean(self, value):
        value = super().clean(value)
        titles = [step["title"].strip().lower() for step in value["steps"]]
        if len(titles) != len(set(titles)):
            raise StructBlockValidationError(
                block_errors={"steps": ErrorList([ValidationError("Two steps have the same title.")])}
            )
        return value


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200)
    answer = blocks.RichTextBlock(features=SIMPLE_RICH_TEXT_FEATURES)

    class Meta:
        icon = "help"


class AccordionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        max_length=160, required=False, help_text="Optional, e.g. 'Questions people ask'"
    )
    items = blocks.ListBlock(QuestionBlock(), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "blocks/accordion.html"
        preview_value = {
            "heading": "Questions people ask",
            "items": [
                {
                    "question": "Does teaching count as practice?",
                    "answer": "<p>Yes, HCPC defines practice broadly.</p>",
                },
            ],
        }
        description = "Questions and answers that open and close (works without JavaScript)"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    title = blocks.CharBlock(required=False, max_length=160, help_text="Defaults to the document's title")
    description = blocks.TextBlock(required=False, max_length=300)

    class Meta:
        icon = "doc-full"
        template = "blocks/document_link.html"
        description = "A link to a document with its type and size"


class MediaEmbedBlock(blocks.StructBlock):
    embed = EmbedBlock(help_text="A YouTube or Vimeo address")
    title = blocks.CharBlock(max_length=160, help_text="Describes the video for screen reader users")
    transcript = blocks.RichTextBlock(
        features=SIMPLE_RICH_TEXT_FEATURES, required=False, help_text="A text version of what is said"
    )

    class Meta:
        icon = "media"
        template = "blocks/embed.html"
        description = "A video with a title and transcript"


class SourceItemBlock(blocks.StructBlock):
    """One entry of a page's Sources list: who says so, where, what it supports, and when we last checked."""

    source_title = blocks.CharBlock(
        max_length=200, label="Title", help_text="Who publishes it, and the page's name"
    )
    source_url = blocks.URLBlock(
        label="Address", help_text="A deep link to the page on the publisher's own site"
    )
    statement = blocks.CharBlock(
        max_length=300, required=False, label="Supports", help_text="What on this page the source supports"
    )
    last_checked = blocks.DateBlock()

    class Meta:
        icon = "link"
        label = "Source"

    def clean(self, value):
        value = super().clean(value)
        if value["last_checked"] and value["last_checked"] > timezone.localdate():
            raise StructBlockValidationError(
                block_errors={"last_checked": ErrorList([ValidationError("This date is in the future.")])}
            )
        if value["source_url"] and not value["source_url"].startswith("https://"):
            raise StructBlockValidationError(
                block_errors={"source_url": ErrorList([ValidationError("Use a secure (https) address.")])}
            )
        return value


class SourcesBlock(blocks.StructBlock):
    """The one list of sources at the end of a page (FACTS.md source rules: one Sources list per page).

    Editors add it once, as the last block of a body; BodyBlock.clean refuses a second list or one that
    is not last, and this block refuses the same address twice."""

    heading = blocks.CharBlock(max_length=80, default="Sources")
    items = blocks.ListBlock(SourceItemBlock(), min_num=1, label="Sources")

    class Meta:
        icon = "link"
        template = "blocks/sources.html"
        label = "Sources list"
        preview_value = {
            "heading": "Sources",
            "items": [
                {
                    "statement": "Updating required by time out of practice",
                    "source_title": "HCPC: Updating your knowledge and skills",
                    "source_url": "https://www.hcpc-uk.org/registration/returning-to-practice/"
                    "updating-your-knowledge-and-skills/",
                    "last_checked": datetime.date(2026, 11, 1),
                },
            ],
        }
        description = "The list of sources at the end of the page, with when each was last checked"

    def clean(self, value):
        value = super().clean(value)
        seen = set()
        for item in value["items"]:
            url = (item["source_url"] or "").strip().rstrip("/").lower()
            if url in seen:
                raise StructBlockValidationError(
                    block_errors={
                        "items": ErrorList(
                            [ValidationError(f"{item['source_url']} is listed twice: list each source once.")]
                        )
                    }
                )
            seen.add(url)
        return value


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250, required=False, help_text="Describe the image. Leave empty only if it is decorative."
    )
    decorative = blocks.BooleanBlock(required=False, help_text="Tick if the image adds nothing to the text")
    caption = blocks.CharBlock(max_length=250, required=False)

    class Meta:
        icon = "image"
        template = "blocks/image.html"
        description = "A picture with alternative text"

    def clean(self, value):
        value = super().clean(value)
        if not value["decorative"] and not (value["alt_text"] or "").strip():
            raise StructBlockValidationError(
                block_errors={
                    "alt_text": ErrorList([ValidationError("Describe the image, or mark it decorative.")])
                }
            )
        return value


class BodyBlock(blocks.StreamBlock):
    """The one body used by guidance, news, case studies, hubs and standard pages."""

    rich_text = RichTextBlock()
    callout = CalloutBlock()
    step_by_step = StepByStepBlock()
    accordion = AccordionBlock()
    document = DocumentLinkBlock()
    embed = MediaEmbedBlock()
    image = ImageBlock()
    sources = SourcesBlock()

    class Meta:
        template = "blocks/body.html"

    def render(self, value, context=None):
        """Rendered once per body content and content generation, then from the cache
        (cms.rendering.render_body_cached)."""
        from .rendering import render_body_cached

        return render_body_cached(value, context, super().render)

    def clean(self, value):
        value = super().clean(value)
        positions = [i for i, child in enumerate(value) if child.block_type == "sources"]
        if len(positions) > 1:
            raise blocks.StreamBlockValidationError(
                non_block_errors=ErrorList(
                    [ValidationError("A page has one Sources list: move these sources into the first one.")]
                )
            )
        if positions and positions[0] != len(value) - 1:
            raise blocks.StreamBlockValidationError(
                non_block_errors=ErrorList(
                    [
                        ValidationError(
                            "The Sources list goes at the end of the page: move it below the last block."
                        )
                    ]
                )
            )
        return value
