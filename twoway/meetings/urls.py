from django.urls import path

from twoway.meetings import views

app_name = "meetings"
urlpatterns = [
    path("pairs/<uuid:uuid>/meetings/", views.meeting_schedule, name="schedule"),
    path("meetings/<uuid:uuid>/", views.meeting_detail, name="detail"),
    path("meetings/<uuid:uuid>/invite.ics", views.meeting_ics, name="ics"),
    path("meetings/<uuid:uuid>/reschedule/", views.meeting_reschedule, name="reschedule"),
    path("meetings/<uuid:uuid>/cancel/", views.meeting_cancel, name="cancel"),
    path("meetings/<uuid:uuid>/log/", views.meeting_log, name="log"),
    path("programs/<slug:slug>/health/", views.health_board, name="health"),
]
