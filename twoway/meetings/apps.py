from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "twoway.meetings"
    label = "meetings"
    verbose_name = "Meetings"
