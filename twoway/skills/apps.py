from django.apps import AppConfig


class SkillsConfig(AppConfig):
    name = "twoway.skills"
    label = "skills"
    verbose_name = "Skills"
