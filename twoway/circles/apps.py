from django.apps import AppConfig


class CirclesConfig(AppConfig):
    name = "twoway.circles"
    label = "circles"
    verbose_name = "Circles"
