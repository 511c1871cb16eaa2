from django.apps import AppConfig


class CaseStudiesConfig(AppConfig):
    name = "casestudies"
    verbose_name = "Case studies"

    def ready(self):
        from cms.registry import register_search_page_type

        from .models import CaseStudyPage

        # A choice in site search, after Guidance (cms: order 10) and before News (order 30).
        register_search_page_type("case-study", "Case studies", CaseStudyPage, order=20)
