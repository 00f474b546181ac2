from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "twoway.events"
    label = "events"
    verbose_name = "Events"
