"""Events in the admin, to read: every change goes through the pages, which
audit it and keep the waiting list in order."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from twoway.events.models import Event, Rsvp


class ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RsvpInline(ReadOnly, admin.TabularInline):
    model = Rsvp
    fields = ("person", "answer", "waiting_since", "answered_at")
    readonly_fields = fields
    extra = 0


@admin.register(Event)
class EventAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("title", "starts_at", "time_zone", "capacity", "everyone", "status")
    list_filter = ("status", "everyone", "seated")
    search_fields = ("title", "place")
    inlines = [RsvpInline]
