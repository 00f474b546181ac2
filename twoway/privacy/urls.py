from django.urls import path

from twoway.privacy import views

app_name = "privacy"
urlpatterns = [
    path("me/data/", views.my_data, name="mine"),
    path("me/data.json", views.my_data_json, name="mine_json"),
    path("people/<uuid:uuid>/data/", views.person_data, name="person"),
    path("people/<uuid:uuid>/data.json", views.person_data_json, name="person_json"),
    path("people/<uuid:uuid>/erase/", views.person_erase_view, name="erase"),
]
