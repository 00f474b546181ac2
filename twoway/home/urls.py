from django.urls import path

from twoway.home import views

app_name = "home"
urlpatterns = [
    path("me/", views.person_me, name="me"),
    path("people/<uuid:uuid>/", views.person_detail, name="person"),
    path("my-programs/", views.my_programs, name="my_programs"),
    path("programs/<slug:slug>/", views.program_detail, name="program"),
    path("pairs/<uuid:uuid>/", views.pair_detail, name="pair"),
]
