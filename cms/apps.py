from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Content"

    def ready(self):
        from django.db.models.signals import post_migrate

        from .groups import ensure_editorial_groups

        post_migrate.connect(ensure_editorial_groups, sender=self)

        from .models import GuidancePage, HomePage, HubPage, NewsPage, StandardPage
        from .registry import register_search_page_type

        # Site search's choices; other apps add theirs in their own ready() (casestudies: order 20).
        register_search_page_type("guidance", "Guidance", GuidancePage, order=10)
        register_search_page_type("news", "News", NewsPage, order=30)
        register_search_page_type("page", "Other pages", StandardPage, HubPage, HomePage, order=90)
