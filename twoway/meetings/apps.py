from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "twoway.meetings"
    label = "meetings"
    verbose_name = "Meetings"

    def ready(self) -> None:
        # Connects this app's receivers of the pairs' signals (ending, signing, reflecting):
        # they use the meetings' services, which need the models loaded, so the
        # module is imported once the registry is ready (Django's place for it).
        from twoway.meetings import receivers  # noqa: F401, PLC0415
