from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.db import transaction
from django.http import HttpRequest

from twoway.core.admin_site import AuditedModelAdmin
from twoway.core.audit import AuditAction, audit_record
from twoway.core.models import AuditEvent, RoleGrant, User


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    fk_name = "user"
    extra = 0
    fields = ("role", "granted_at")
    readonly_fields = ("granted_at",)


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):
    ordering = ("email",)
    list_display = ("email", "first_name", "last_name", "is_active", "last_login")
    search_fields = ("email", "first_name", "last_name")
    list_filter = ("is_active", "role_grants__role")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Name", {"fields": ("first_name", "last_name")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    readonly_fields = ("last_login", "date_joined")
    inlines = [RoleGrantInline]
    audit_fields = ("email", "first_name", "last_name", "is_active", "is_staff", "is_superuser")

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        with transaction.atomic():
            instances = formset.save(commit=False)
            for grant in instances:
                grant.granted_by = grant.granted_by or request.user
                grant.save()
                audit_record(
                    actor=request.user,
                    action=AuditAction.ROLE_GRANT,
                    subject=grant.user,
                    after={"role": grant.role},
                )
            for grant in formset.deleted_objects:
                audit_record(
                    actor=request.user,
                    action=AuditAction.ROLE_REVOKE,
                    subject=grant.user,
                    before={"role": grant.role},
                )
                grant.delete()


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_label", "action", "subject_label")
    list_filter = ("action",)
    search_fields = ("actor_label", "subject_label", "subject_id")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False


# Roles are RoleGrant rows (core.roles); Django's permission groups grant nothing
# in Twoway, so the admin does not offer them.
admin.site.unregister(Group)
