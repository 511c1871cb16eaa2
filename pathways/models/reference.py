"""Reference data editors keep in snippets: countries, support in each nation and the pathway steps.

Content only: no personal data.
"""

from __future__ import annotations

import re
from fractions import Fraction

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.text import capfirst

from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, RevisionMixin
from wagtail.search import index

from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel

from cms.models import Nation

from .base import (
    AMBER,
    ANY,
    IR,
    NO,
    PATHWAY_CHOICES,
    PROFESSION_CHOICES,
    STATUS_CHOICES,
    TEXT_FEATURES,
    TRISTATE_CHOICES,
    YES,
    SourceFields,
    validate_https,
    validate_not_future,
)


class CountryQuerySet(models.QuerySet):
    def choices(self) -> list[tuple[str, str]]:
        """(code, name) for a choice list, in alphabetical order whatever the case, each name starting
        with a capital: a name is written as it reads in a sentence ("the Philippines"), and is filed
        under its own letter, not under "the" (sorted here: a list of about 200 rows)."""
        rows = self.values_list("code", "name")
        return [
            (code, capfirst(name))
            for code, name in sorted(rows, key=lambda row: (row[1].lower().removeprefix("the "), row[1]))
        ]


class Country(SourceFields, index.Indexed, models.Model):
    """A country someone may have qualified or live in, with its status in the Code of Practice."""

    ENGLISH_CHOICES = [
        (YES, "Yes: on HCPC's qualifying countries list"),
        (NO, "No: not on the list"),
        ("check", "Check: not confirmed"),
    ]
    name = models.CharField(max_length=100, unique=True)
    code = models.CharField(
        max_length=2,
        unique=True,
        help_text="The two-letter ISO 3166 code, e.g. NG for Nigeria. The UK (GB) is not listed here.",
    )
    recruitment_status = models.CharField(
        "Code of Practice status",
        max_length=5,
        choices=STATUS_CHOICES,
        help_text=(
            "Red: on the WHO safeguards list, no active recruitment. Amber: red-list country with a "
            "government-to-government agreement; recruit only on its terms. Green: all others."
        ),
    )
    status_needs_check = models.BooleanField(
        "status not yet confirmed",
        default=False,
        help_text="Tick when the status above is not named in the source; the finder then says to check it.",
    )
    government_agreement = models.BooleanField(
        "government-to-government agreement", default=False, help_text="e.g. a memorandum of understanding"
    )
    english_qualifying = models.CharField(
        "English-language qualifying country (HCPC)",
        max_length=5,
        choices=ENGLISH_CHOICES,
        default="check",
        help_text="A primary qualification gained here counts as evidence of English (from 29 January 2025).",
    )
    notes = models.TextField(blank=True, help_text="Shown to people who live or qualified here")

    objects = CountryQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("code")]),
        MultiFieldPanel(
            [
                FieldPanel("recruitment_status"),
                FieldPanel("status_needs_check"),
                FieldPanel("government_agreement"),
            ],
            heading="Code of Practice",
        ),
        FieldPanel("english_qualifying"),
        FieldPanel("notes"),
    ] + SourceFields.source_panels
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("code")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        self.code = (self.code or "").strip().upper()
        if not re.fullmatch(r"[A-Z]{2}", self.code):
            raise ValidationError({"code": "Enter a two-letter country code, such as NG or IN."})
        if self.code in ("GB", "UK"):
            raise ValidationError({"code": "The UK is not a country on this list."})
        if self.recruitment_status == AMBER and not self.government_agreement:
            raise ValidationError(
                {"government_agreement": "An amber country has a government-to-government agreement."}
            )


class NationSupport(SourceFields, models.Model):
    """Funding, support and contacts in one UK nation."""

    nation = models.OneToOneField(Nation, on_delete=models.CASCADE, related_name="pathway_support")
    returner_funding = RichTextField(
        "funding and support for returners",
        features=TEXT_FEATURES,
        help_text="Who pays for what, and how to ask",
    )
    contacts = RichTextField(
        "contacts for returners", features=TEXT_FEATURES, help_text="Who returners contact in this nation"
    )
    check_note = models.CharField(
        "check note for returners",
        max_length=300,
        blank=True,
        help_text="Shown as a warning when a figure needs checking, e.g. 'Confirm the current amount with NHSE'",
    )
    # International recruits are shown only these fields: never the returners' schemes, contacts or source.
    recruit_support = RichTextField("support for international recruits", features=TEXT_FEATURES, blank=True)
    recruit_contacts = RichTextField(
        "contacts for international recruits",
        features=TEXT_FEATURES,
        blank=True,
        help_text="Who recruits contact in this nation",
    )
    recruit_source_title = models.CharField("recruits' source title", max_length=200, blank=True)
    recruit_source_url = models.URLField(
        "recruits' source address", max_length=300, blank=True, validators=[validate_https]
    )
    recruit_last_checked = models.DateField(
        "recruits' source last checked", null=True, blank=True, validators=[validate_not_future]
    )

    panels = [
        FieldPanel("nation"),
        MultiFieldPanel(
            [
                FieldPanel("returner_funding"),
                FieldPanel("contacts"),
                FieldPanel("check_note"),
                *SourceFields.source_panels[0].children,
            ],
            heading="Returners to practice",
        ),
        MultiFieldPanel(
            [
                FieldPanel("recruit_support"),
                FieldPanel("recruit_contacts"),
                FieldPanel("recruit_source_title"),
                FieldPanel("recruit_source_url"),
                FieldPanel("recruit_last_checked"),
            ],
            heading="International recruits",
        ),
    ]

    class Meta:
        ordering = ["nation__sort_order", "nation__name"]
        verbose_name = "nation support"
        verbose_name_plural = "nation support"

    def __str__(self):
        return f"Support in {self.nation}"

    def clean(self):
        super().clean()
        if self.recruit_source_url and not self.recruit_last_checked:
            raise ValidationError({"recruit_last_checked": "Say when the source was last checked."})

    def for_pathway(self, pathway: str) -> dict:
        """What a plan on this pathway shows: one pathway's support, contacts and source, never both."""
        if pathway == "ir":
            return {
                "support": self.recruit_support,
                "contacts": self.recruit_contacts,
                "check_note": "",
                "source_title": self.recruit_source_title,
                "source_url": self.recruit_source_url,
                "last_checked": self.recruit_last_checked,
            }
        return {
            "support": self.returner_funding,
            "contacts": self.contacts,
            "check_note": self.check_note,
            "source_title": self.source_title,
            "source_url": self.source_url,
            "last_checked": self.last_checked,
        }


class PathwayStepQuerySet(models.QuerySet):
    def live(self):
        return self.filter(live=True)

    def for_matching(self):
        return (
            self.live()
            .select_related("guidance_page")
            .prefetch_related("nations")
            .order_by("sort_order", "title", "pk")
        )


class PathwayStep(DraftStateMixin, RevisionMixin, SourceFields, index.Indexed, ClusterableModel):
    """One step a person may need to take, and the answers for which it applies."""

    title = models.CharField(max_length=160, help_text="An action, e.g. 'Book your English language test'")
    body = RichTextField(features=TEXT_FEATURES, help_text="What to do and why, in a few sentences")
    guidance_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The guidance page that explains this step",
    )
    cost = models.CharField(max_length=160, blank=True, help_text="e.g. '£678.38 HCPC scrutiny fee'")
    time = models.CharField(
        max_length=160,
        blank=True,
        help_text=(
            "e.g. 'About 60 working days'. {days}, {hours} and {window_months} are replaced by the "
            "person's own updating days and hours and HCPC's window, here and in the step's text."
        ),
    )
    sort_order = models.PositiveSmallIntegerField(
        "order", default=100, help_text="Steps are shown from the lowest number to the highest"
    )

    # Conditions: a step applies when every condition matches the person's answers.
    pathway = models.CharField(max_length=3, choices=[(ANY, "Both pathways"), *PATHWAY_CHOICES], default=ANY)
    nations = ParentalManyToManyField(
        Nation, blank=True, related_name="+", help_text="Leave empty if it applies in every UK nation"
    )
    profession = models.CharField(
        max_length=12, choices=[(ANY, "Both professions"), *PROFESSION_CHOICES], default=ANY
    )
    uk_qualified = models.CharField(
        "qualified in the UK", max_length=3, choices=TRISTATE_CHOICES, default=ANY
    )
    ever_registered = models.CharField(
        "has been on the HCPC Register", max_length=3, choices=TRISTATE_CHOICES, default=ANY
    )
    updating_required = models.CharField(
        "needs HCPC updating",
        max_length=3,
        choices=TRISTATE_CHOICES,
        default=ANY,
        help_text="Worked out from their answers: 30 or 60 days needed",
    )
    years_out_min = models.DecimalField(
        "years out: at least",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Counts from the last UK practice (or qualifying, if never registered). Empty: no lower limit",
    )
    years_out_below = models.DecimalField(
        "years out: under",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Empty: no upper limit",
    )
    practised_abroad = models.CharField(
        "practised abroad in the last 2 years", max_length=3, choices=TRISTATE_CHOICES, default=ANY
    )
    job_offer = models.CharField("has a UK job offer", max_length=3, choices=TRISTATE_CHOICES, default=ANY)
    country_status = models.CharField(
        "status of the country they live in",
        max_length=5,
        choices=[(ANY, "Any status"), *STATUS_CHOICES],
        default=ANY,
        help_text="From the Code of Practice; people living in the UK have no status",
    )

    objects = PathwayStepQuerySet.as_manager()

    content_panels = [
        FieldPanel("title"),
        FieldPanel("body"),
        PageChooserPanel("guidance_page"),
        FieldRowPanel([FieldPanel("cost"), FieldPanel("time")]),
        FieldPanel("sort_order"),
    ] + SourceFields.source_panels
    condition_panels = [
        FieldRowPanel([FieldPanel("pathway"), FieldPanel("profession")]),
        FieldPanel("nations", widget=forms.CheckboxSelectMultiple),
        FieldRowPanel([FieldPanel("uk_qualified"), FieldPanel("ever_registered")]),
        FieldPanel("updating_required"),
        FieldRowPanel([FieldPanel("years_out_min"), FieldPanel("years_out_below")]),
        FieldRowPanel([FieldPanel("practised_abroad"), FieldPanel("job_offer")]),
        FieldPanel("country_status"),
    ]
    edit_handler = TabbedInterface(
        [ObjectList(content_panels, heading="Step"), ObjectList(condition_panels, heading="When it applies")]
    )
    search_fields = [index.SearchField("title"), index.AutocompleteField("title"), index.SearchField("body")]

    class Meta:
        ordering = ["sort_order", "title"]
        verbose_name = "pathway step"

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if (
            self.years_out_min is not None
            and self.years_out_below is not None
            and self.years_out_below <= self.years_out_min
        ):
            raise ValidationError({"years_out_below": "The upper limit must be above the lower limit."})
        if self.pathway == IR and (self.years_out_min is not None or self.years_out_below is not None):
            raise ValidationError(
                {"years_out_min": "Years out of practice only apply to returners: use 'Return to practice'."}
            )

    def conditions_summary(self) -> list[str]:
        """The conditions in words, for the admin listing."""
        parts = []
        if self.pathway != ANY:
            parts.append(self.get_pathway_display())
        if self.profession != ANY:
            parts.append(self.get_profession_display())
        for name in ("uk_qualified", "ever_registered", "updating_required", "practised_abroad", "job_offer"):
            value = getattr(self, name)
            if value != ANY:
                parts.append(f"{self._meta.get_field(name).verbose_name}: {value}")
        if self.years_out_min is not None or self.years_out_below is not None:
            low = self.years_out_min if self.years_out_min is not None else 0
            high = f"under {self.years_out_below}" if self.years_out_below is not None else "or more"
            parts.append(f"{low} {high} years out")
        if self.country_status != ANY:
            parts.append(f"{self.country_status} country")
        return parts

    def matches(self, facts) -> bool:
        """Whether this step applies to someone (``facts`` is a selectors.PlanFacts)."""
        if self.pathway != ANY and self.pathway != facts.pathway:
            return False
        nation_ids = {nation.pk for nation in self.nations.all()}
        if nation_ids and facts.nation_id not in nation_ids:
            return False
        if self.profession != ANY and self.profession != facts.profession:
            return False
        for name, value in (
            ("uk_qualified", facts.uk_qualified),
            ("ever_registered", facts.ever_registered),
            ("updating_required", facts.updating_required),
            ("practised_abroad", facts.practised_abroad),
            ("job_offer", facts.job_offer),
        ):
            wanted = getattr(self, name)
            if wanted != ANY and (wanted == YES) != value:
                return False
        if self.years_out_min is not None or self.years_out_below is not None:
            if facts.years is None:
                return False
            if self.years_out_min is not None and facts.years < Fraction(str(self.years_out_min)):
                return False
            if self.years_out_below is not None and facts.years >= Fraction(str(self.years_out_below)):
                return False
        if self.country_status != ANY and self.country_status != facts.country_status:
            return False
        return True
