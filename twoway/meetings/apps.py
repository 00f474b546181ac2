from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "twoway.meetings"
    label = "meetings"
    verbose_name = "Meetings"

    def ready(self) -> None:
        # Connects the receivers of the pairs' signals (the pair ending).
        from twoway.meetings import receivers  # noqa: F401
