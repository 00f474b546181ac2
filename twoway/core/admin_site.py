"""Django's admin, open to Twoway administrators only, with every change audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.db import transaction
from django.http import HttpRequest

from twoway.core.audit import AuditAction, audit_record, snapshot
from twoway.core.audit_actions import ADMIN_ACTIONS
from twoway.core.roles import user_is_admin
from twoway.core.throttle import username_normalise


class AdminLoginForm(AdminAuthenticationForm):
    """The admin's log-in, with the e-mail spelt as the site's log-in spells it."""

    def clean_username(self) -> str:
        return username_normalise(self.cleaned_data.get("username"))


class TwowayAdminSite(admin.AdminSite):
    site_header = "Twoway administration"
    site_title = "Twoway admin"
    index_title = "Data"
    login_form = AdminLoginForm

    def has_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and user_is_admin(request.user))


def _admin_action(obj: Any, verb: str) -> AuditAction:
    actions = ADMIN_ACTIONS.get(obj._meta.label_lower)
    if actions is None:
        raise LookupError(f"{obj._meta.label} has no audit actions: add it to ADMIN_ACTIONS.")
    return getattr(actions, verb)


class AuditedModelAdmin(admin.ModelAdmin):
    """A model admin whose saves and deletes land in the audit log (the events
    are listed per model in ``core.audit_actions.ADMIN_ACTIONS``)."""

    audit_fields: tuple[str, ...] = ()

    def _fields(self, obj: Any) -> list[str]:
        if self.audit_fields:
            return list(self.audit_fields)
        return [
            f.name
            for f in obj._meta.concrete_fields
            if f.name not in {"id", "uuid", "created_at", "updated_at", "password", "value"}
        ]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change and not form.has_changed():
            return  # sent back unchanged: nothing to save, nothing to audit
        with transaction.atomic():
            before = None
            if change:
                old = type(obj).objects.get(pk=obj.pk)
                before = snapshot(old, self._fields(obj))
            super().save_model(request, obj, form, change)
            after = snapshot(obj, self._fields(obj))
            if before is not None:
                changed = [k for k in after if before.get(k) != after.get(k)]
                before = {k: before[k] for k in changed}
                after = {k: after[k] for k in changed}
            audit_record(
                actor=request.user,
                action=_admin_action(obj, "update" if change else "create"),
                subject=obj,
                before=before,
                after=after,
            )

    def _audit_delete(self, request: HttpRequest, obj: Any) -> None:
        audit_record(
            actor=request.user,
            action=_admin_action(obj, "delete"),
            subject=obj,
            before=snapshot(obj, self._fields(obj)),
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            self._audit_delete(request, obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            for obj in queryset:
                self._audit_delete(request, obj)
            super().delete_queryset(request, queryset)
