from django.apps import AppConfig, apps


class EnquiriesConfig(AppConfig):
    name = "enquiries"
    verbose_name = "Individual assistance"

    def ready(self):
        from django.db.models.signals import post_migrate

        from enquiries import checks  # noqa: F401 - registers the deployment checks
        from enquiries.mail import (
            inbound,  # noqa: F401 - connects the anymail inbound signal receiver
            tracking,  # noqa: F401 - connects the anymail tracking signal receiver
        )

        def after_last_app(sender, **kwargs):
            # The groups need permissions that other apps' post_migrate handlers create (auth's for our
            # models, which runs after ours because auth comes later in INSTALLED_APPS): wait for the
            # last app's signal, when every permission exists. Runs after every migrate and test flush.
            with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
            if sender is with_models[-1]:
                from enquiries.staff_groups import staff_groups_ensure

                staff_groups_ensure(**kwargs)

        post_migrate.connect(after_last_app, dispatch_uid="enquiries_staff_groups_ensure", weak=False)
