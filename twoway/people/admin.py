from django.contrib import admin

from twoway.core.admin_site import AuditedModelAdmin
from twoway.people.models import LevelLabel, OrgUnit, Person


@admin.register(Person)
class PersonAdmin(AuditedModelAdmin):
    list_display = ("name", "employee_id", "email", "job_title", "level", "department")
    search_fields = ("name", "employee_id", "email")
    list_filter = ("level",)
    raw_id_fields = ("manager", "department", "user")
    exclude = ()
    readonly_fields = ("uuid",)


@admin.register(OrgUnit)
class OrgUnitAdmin(AuditedModelAdmin):
    list_display = ("path",)
    search_fields = ("path",)
    readonly_fields = ("path",)


@admin.register(LevelLabel)
class LevelLabelAdmin(AuditedModelAdmin):
    list_display = ("level", "label")
