from django.apps import AppConfig


class RecognitionConfig(AppConfig):
    name = "twoway.recognition"
    label = "recognition"
    verbose_name = "Recognition"
