from django.apps import AppConfig


class SpeakupConfig(AppConfig):
    name = "twoway.speakup"
    label = "speakup"
    verbose_name = "Speak up"
