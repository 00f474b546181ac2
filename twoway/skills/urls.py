from django.urls import path

from twoway.skills import views

app_name = "skills"
urlpatterns = [
    path("skills/", views.skill_catalogue, name="catalogue"),
    path("skills/new/", views.skill_create_view, name="create"),
    path("skills/<uuid:uuid>/edit/", views.skill_edit_view, name="edit"),
    path("skills/suggest/", views.skill_suggest, name="suggest"),
    path("me/skills/add/", views.person_skill_add_view, name="add"),
    path("me/skills/<str:direction>/<uuid:uuid>/", views.person_skill_update_view, name="update"),
    path(
        "me/skills/<str:direction>/<uuid:uuid>/remove/",
        views.person_skill_remove_view,
        name="remove",
    ),
    path("directory/", views.skill_directory, name="directory"),
    path("skills-map/", views.skill_map, name="map"),
    path("blind-spots/", views.self_assessment_take, name="assessment"),
    path("blind-spots/results/", views.self_assessment_results, name="assessment_results"),
]
