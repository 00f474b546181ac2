from django.urls import path

from twoway.events import views

app_name = "events"

urlpatterns = [
    path("events/", views.event_list, name="list"),
    path("events/new/", views.event_create, name="create"),
    path("events/<uuid:uuid>/", views.event_detail, name="detail"),
    path("events/<uuid:uuid>/edit/", views.event_edit, name="edit"),
    path("events/<uuid:uuid>/answer/", views.event_rsvp, name="rsvp"),
    path("events/<uuid:uuid>/attendees/", views.event_attendees, name="attendees"),
    path("events/<uuid:uuid>/cancel/", views.event_cancel, name="cancel"),
    path("events/<uuid:uuid>/invite.ics", views.event_ics, name="ics"),
    path("events/<uuid:uuid>/tables/", views.table_plan, name="tables"),
    path("events/<uuid:uuid>/tables/propose/", views.table_plan_propose, name="tables_propose"),
    path("events/<uuid:uuid>/tables.pdf", views.table_plan_download, name="tables_pdf"),
]
