from django.apps import AppConfig


class SsoConfig(AppConfig):
    name = "twoway.sso"
    label = "sso"
    verbose_name = "Single sign-on"
