from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "twoway.insights"
    label = "insights"
    verbose_name = "Insights and actions"
