from django.contrib import admin

from twoway.core.admin_site import AuditedModelAdmin
from twoway.skills.models import PersonSkill, Skill


@admin.register(Skill)
class SkillAdmin(AuditedModelAdmin):
    list_display = ("name", "category", "is_key", "is_active")
    list_filter = ("category", "is_key", "is_active")
    search_fields = ("name", "synonyms")


@admin.register(PersonSkill)
class PersonSkillAdmin(AuditedModelAdmin):
    list_display = ("person", "skill", "direction", "level")
    list_filter = ("direction", "skill__category")
    raw_id_fields = ("person", "skill")
