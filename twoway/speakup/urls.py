from django.urls import path

from twoway.speakup import views

app_name = "speakup"
urlpatterns = [
    path("speak-up/", views.report_start, name="start"),
    path("speak-up/mine/<uuid:uuid>/", views.report_mine, name="mine"),
    path("speak-up/follow-up/", views.report_follow_up, name="follow_up"),
    path("speak-up/reports/", views.report_list, name="reports"),
    path("speak-up/reports/<uuid:uuid>/", views.report_detail, name="report"),
    path("speak-up/reports/<uuid:uuid>/status/", views.report_status, name="report_status"),
    path("speak-up/reports/<uuid:uuid>/reply/", views.report_reply, name="report_reply"),
]
