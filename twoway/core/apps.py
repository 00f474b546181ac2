from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "twoway.core"
    label = "core"
    verbose_name = "Accounts and audit"

    def ready(self) -> None:
        from twoway.core import checks  # noqa: F401  (registers the deploy checks)
