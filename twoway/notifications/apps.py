from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "twoway.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        # Connects the meetings' e-mails (``meetings.signals``). The receivers use
        # this app's tasks, which need the models loaded, so the module is
        # imported once the registry is ready (Django's place for it).
        from twoway.notifications import receivers  # noqa: F401, PLC0415
