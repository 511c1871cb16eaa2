from django.apps import AppConfig, apps


class PathwaysConfig(AppConfig):
    name = "pathways"
    verbose_name = "Pathway finder and updating log"

    def ready(self):
        from django.db.models.signals import post_migrate

        from .groups import grant_editorial_permissions

        def after_last_app(sender, **kwargs):
            # Wagtail makes the snippets' "publish" permissions in its own post_migrate handler, which runs
            # after this app's: wait for the last app's signal, when every permission exists.
            with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
            if sender is with_models[-1]:
                grant_editorial_permissions(**kwargs)

        post_migrate.connect(after_last_app, dispatch_uid="pathways_grant_editorial_permissions", weak=False)

        from django.contrib.auth.signals import user_logged_in

        from .views.finder import save_plan_on_sign_in

        user_logged_in.connect(save_plan_on_sign_in, dispatch_uid="pathways_save_plan_on_sign_in")
