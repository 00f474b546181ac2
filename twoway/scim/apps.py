from django.apps import AppConfig


class ScimConfig(AppConfig):
    name = "twoway.scim"
    label = "scim"
    verbose_name = "SCIM provisioning"
