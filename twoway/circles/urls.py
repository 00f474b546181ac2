from django.urls import path

from twoway.circles import views

app_name = "circles"
urlpatterns = [
    path("programs/<slug:slug>/circles/", views.program_circles, name="program"),
    path("programs/<slug:slug>/circles/form/", views.circles_form, name="form"),
    path("programs/<slug:slug>/circles/publish/", views.circles_publish, name="publish"),
    path("circles/<uuid:uuid>/", views.circle_detail, name="detail"),
    path("circles/<uuid:uuid>/plan/", views.circle_plan, name="plan"),
    path("circles/sessions/<uuid:uuid>/", views.session_detail, name="session"),
    path("circles/sessions/<uuid:uuid>/log/", views.session_log, name="log"),
    path("circles/sessions/<uuid:uuid>/cancel/", views.session_cancel, name="cancel"),
    path("circles/sessions/<uuid:uuid>/invite.ics", views.session_ics_file, name="ics"),
]
