"""The circles in the admin, to read: circles are formed, planned and logged on
their pages (audited there). A session's log is the members' own, so the admin
does not show it."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from twoway.circles.models import Circle, CircleMember, CircleSession


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CircleMemberInline(admin.TabularInline):
    model = CircleMember
    fields = ("person", "side")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Circle)
class CircleAdmin(_ReadOnly):
    list_display = ("name", "program", "published_at")
    list_filter = ("program",)
    inlines = (CircleMemberInline,)


@admin.register(CircleSession)
class CircleSessionAdmin(_ReadOnly):
    list_display = ("circle", "number", "starts_at", "time_zone", "status")
    list_filter = ("status",)
    fields = (
        "uuid",
        "circle",
        "number",
        "starts_at",
        "time_zone",
        "duration_minutes",
        "topic",
        "presenter",
        "presenter_side",
        "status",
        "sequence",
    )
