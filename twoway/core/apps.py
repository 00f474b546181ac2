from django.apps import AppConfig
from django.core.checks import Tags, register

from twoway.core.checks import encryption_keys_check, proxy_count_check, sso_break_glass_check


class CoreConfig(AppConfig):
    name = "twoway.core"
    label = "core"
    verbose_name = "Accounts and audit"

    def ready(self) -> None:
        for check in (encryption_keys_check, proxy_count_check, sso_break_glass_check):
            register(check, Tags.security, deploy=True)
