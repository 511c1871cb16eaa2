"""The pathway finder page. It only dispatches its routes: the views live in pathways.views."""

from __future__ import annotations

from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.models import SocialMixin

from .base import AMBER, GREEN, RED, TEXT_FEATURES, validate_https, validate_not_future


class PathwayFinderPage(RoutablePageMixin, SocialMixin, Page):
    """One question a page, a check-your-answers page, and a personal plan built from PathwayStep snippets."""

    introduction = models.TextField(
        default=(
            "Answer six short questions about your situation and we will show you the steps to take, "
            "in order, with costs, times and who can help in your nation."
        )
    )
    code_of_practice_intro = RichTextField(
        "about the Code of Practice",
        features=TEXT_FEATURES,
        blank=True,
        help_text="Shown to international recruits above their country's status",
    )
    red_explanation = RichTextField("what red means", features=TEXT_FEATURES, blank=True)
    amber_explanation = RichTextField("what amber means", features=TEXT_FEATURES, blank=True)
    green_explanation = RichTextField("what green means", features=TEXT_FEATURES, blank=True)
    code_source_title = models.CharField(max_length=200, blank=True)
    code_source_url = models.URLField(max_length=300, blank=True, validators=[validate_https])
    code_last_checked = models.DateField(null=True, blank=True, validators=[validate_not_future])

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    code_panels = [
        FieldPanel("code_of_practice_intro"),
        FieldPanel("red_explanation"),
        FieldPanel("amber_explanation"),
        FieldPanel("green_explanation"),
        MultiFieldPanel(
            [FieldPanel("code_source_title"), FieldPanel("code_source_url"), FieldPanel("code_last_checked")],
            heading="Source and last checked",
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(code_panels, heading="Code of Practice"),
            ObjectList(SocialMixin.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = "pathway finder"

    def status_explanation(self, status: str) -> str:
        return {RED: self.red_explanation, AMBER: self.amber_explanation, GREEN: self.green_explanation}.get(
            status, ""
        )

    # Routes: the views live in views.py; the page only dispatches.
    @path("")
    def start_route(self, request):
        from pathways import views

        return views.finder_start(request, self)

    @re_path(r"^questions/(?P<slug>[a-z-]+)/$")
    def question_route(self, request, slug):
        from pathways import views

        return views.finder_question(request, self, slug)

    @path("check-your-answers/")
    def check_route(self, request):
        from pathways import views

        return views.finder_check_answers(request, self)

    @path("plan/")
    def plan_route(self, request):
        from pathways import views

        return views.finder_plan(request, self)

    @path("plan/print/")
    def plan_print_route(self, request):
        from pathways import views

        return views.finder_plan_print(request, self)

    @re_path(r"^plan/steps/(?P<step_id>\d+)/$")
    def plan_tick_route(self, request, step_id):
        from pathways import views

        return views.finder_plan_tick(request, self, int(step_id))

    @path("plan/save/")
    def plan_save_route(self, request):
        from pathways import views

        return views.finder_plan_save(request, self)

    @path("start-again/")
    def start_again_route(self, request):
        from pathways import views

        return views.finder_start_again(request, self)
