from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "twoway.privacy"
    label = "privacy"
    verbose_name = "Data rights"
