from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "twoway.people"
    label = "people"
    verbose_name = "People"

    def ready(self) -> None:
        # Registers how core names a login (by its person): the module reads
        # this app's models, so it is imported once the registry is ready.
        from twoway.people import user_names  # noqa: F401, PLC0415
