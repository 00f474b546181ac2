from django.apps import AppConfig


class RecognitionConfig(AppConfig):
    name = "twoway.recognition"
    label = "recognition"
    verbose_name = "Recognition"

    def ready(self) -> None:
        # Connects the award on completion (``pairs.signals.pair_completed``). The
        # receivers use this app's services, which need the models loaded, so the
        # module is imported once the registry is ready (Django's place for it).
        from twoway.recognition import receivers  # noqa: F401, PLC0415
