from django.apps import AppConfig


class GuidesConfig(AppConfig):
    name = "twoway.guides"
    label = "guides"
    verbose_name = "Session guides and launch"
