from django.urls import path

from twoway.recognition import views

app_name = "recognition"
urlpatterns = [
    path(
        "recognition/<uuid:uuid>/certificate.pdf",
        views.recognition_certificate,
        name="certificate",
    ),
    path("pairs/<uuid:uuid>/kudos/", views.kudos_give_view, name="kudos"),
    path("programs/<slug:slug>/recognition/", views.program_recognition, name="program"),
]
