"""Case studies: the stories of people who returned or came to work in the UK, with facets to filter by."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BodyBlock
from cms.models import SUMMARY_HELP, Nation, Pathway, SocialMixin, paginate
from cms.rendering import public_pages


class CaseStudyPage(SocialMixin, Page):
    PROFESSION_CHOICES = [
        ("diagnostic", "Diagnostic radiography"),
        ("therapeutic", "Therapeutic radiography"),
    ]
    TRAINING_REGION_CHOICES = [
        ("uk", "United Kingdom"),
        ("europe", "Europe"),
        ("africa", "Africa"),
        ("south-asia", "South Asia"),
        ("south-east-asia", "South-East Asia"),
        ("middle-east", "Middle East"),
        ("oceania", "Australia and New Zealand"),
        ("americas", "The Americas"),
    ]
    EMPLOYER_CHOICES = [
        ("nhs", "NHS trust or health board"),
        ("independent", "Independent sector"),
        ("university", "University"),
        ("other", "Other"),
    ]

    pathway = models.ForeignKey(Pathway, on_delete=models.PROTECT, related_name="+")
    profession = models.CharField(max_length=20, choices=PROFESSION_CHOICES)
    nation = models.ForeignKey(
        Nation, on_delete=models.PROTECT, related_name="+", help_text="Where they work now"
    )
    region = models.CharField(max_length=80, blank=True, help_text="e.g. North West England, Highlands")
    training_region = models.CharField("where they trained", max_length=20, choices=TRAINING_REGION_CHOICES)
    training_country = models.CharField(
        max_length=80, blank=True, help_text="e.g. India, Nigeria, Philippines"
    )
    years_out = models.PositiveSmallIntegerField(
        "years out of practice", null=True, blank=True, help_text="For returners; leave empty for recruits"
    )
    employer_type = models.CharField(max_length=20, choices=EMPLOYER_CHOICES, default="nhs")
    person_name = models.CharField(max_length=80, help_text="First name, or a pseudonym they chose")
    role = models.CharField(max_length=120, help_text="e.g. Band 6 CT radiographer")
    quote = models.CharField(max_length=300, help_text="One sentence in their words")
    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    photo_alt_text = models.CharField(max_length=250, blank=True)
    story = StreamField(BodyBlock(), use_json_field=True)

    content_panels = Page.content_panels + [
        FieldPanel("search_description", heading="Summary", help_text=SUMMARY_HELP),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("person_name"), FieldPanel("role")]), FieldPanel("quote")],
            heading="Person",
        ),
        MultiFieldPanel([FieldPanel("photo"), FieldPanel("photo_alt_text")], heading="Photo"),
        FieldPanel("story"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("pathway"), FieldPanel("profession")]),
                FieldRowPanel([FieldPanel("nation"), FieldPanel("region")]),
                FieldRowPanel([FieldPanel("training_region"), FieldPanel("training_country")]),
                FieldRowPanel([FieldPanel("years_out"), FieldPanel("employer_type")]),
            ],
            heading="Facets (used by the filters)",
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("search_description"),
        index.SearchField("quote"),
        index.SearchField("story"),
        index.SearchField("role"),
        index.SearchField("training_country"),
        index.FilterField("profession"),
        index.FilterField("training_region"),
        index.FilterField("pathway"),
        index.FilterField("nation"),
        index.FilterField("years_out"),
    ]
    parent_page_types = ["casestudies.CaseStudyIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "case study"
        verbose_name_plural = "case studies"

    def clean(self):
        super().clean()
        if self.photo_id and not self.photo_alt_text.strip():
            raise ValidationError({"photo_alt_text": "Describe the photo for people who cannot see it."})
        if self.years_out is not None and self.years_out > 50:
            raise ValidationError({"years_out": "That is more than 50 years: please check it."})


class CaseStudyIndexPage(SocialMixin, Page):
    introduction = models.TextField(blank=True)
    per_page = 9

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["casestudies.CaseStudyPage"]
    max_count = 1

    class Meta:
        verbose_name = "case study index"

    def get_context(self, request, *args, **kwargs):
        from .filters import CaseStudyFilter

        context = super().get_context(request, *args, **kwargs)
        base = (
            public_pages(CaseStudyPage.objects.child_of(self).live(), request)
            .defer_streamfields()
            .select_related("pathway", "nation", "photo")
            .prefetch_related("photo__renditions")
            .order_by(F("first_published_at").desc(nulls_last=True), "-pk")
        )
        case_filter = CaseStudyFilter(request.GET or None, queryset=base, request=request)
        results = case_filter.qs if case_filter.is_bound else base
        context.update(
            {
                "filter": case_filter,
                "case_studies": paginate(request, results, self.per_page),
                "active_filter_count": case_filter.active_count(),
            }
        )
        return context
