"""Case studies shown on other apps' pages: the home page's featured stories."""

from django import template
from django.db.models import F

from casestudies.models import CaseStudyPage
from cms.rendering import public_pages

register = template.Library()


@register.simple_tag(takes_context=True)
def featured_case_studies(context, count=3):
    """The newest live, public case studies with what their cards show (pathway, nation, photo).

    ``{% featured_case_studies as featured_case_studies %}`` in templates/cms/home_page.html: cms
    imports no other app of ours, so the home page's template asks casestudies for them. Lazy: the
    queries run when the template first reads the result, the same number however many stories.
    """
    return (
        public_pages(CaseStudyPage.objects.live(), context.get("request"))
        .defer_streamfields()
        .select_related("pathway", "nation", "photo")
        .prefetch_related("photo__renditions")
        .order_by(F("first_published_at").desc(nulls_last=True), "-pk")[:count]
    )
