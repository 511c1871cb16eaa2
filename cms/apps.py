from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Content"

    def ready(self):
        from django.db.models.signals import post_migrate

        from .groups import ensure_editorial_groups

        post_migrate.connect(ensure_editorial_groups, sender=self)
