from django.urls import path

from twoway.skills import views

app_name = "skills"
urlpatterns = [
    path("directory/", views.directory, name="directory"),
    path("blind-spots/", views.assessment, name="assessment"),
    path("skills-map/", views.skill_map, name="map"),
    path("skills/", views.catalogue, name="catalogue"),
]
