"""Surveys: a baseline when a pair starts, a closing one at the end, reported in aggregate only."""

from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "twoway.surveys"
    label = "surveys"
    verbose_name = "Surveys"

    def ready(self) -> None:
        # Connects the surveys sent when pairs are published and when a pair
        # completes (``pairs.signals``). The receivers use this app's services,
        # which need the models loaded, so the module is imported once the
        # registry is ready (Django's place for it).
        from twoway.surveys import receivers  # noqa: F401, PLC0415
