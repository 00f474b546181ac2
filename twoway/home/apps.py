from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "twoway.home"
    label = "home"
    verbose_name = "Home"
