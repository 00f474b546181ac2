from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "twoway.outcomes"
    label = "outcomes"
    verbose_name = "Outcomes"
