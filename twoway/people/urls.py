from django.urls import path

from twoway.people import import_views, views

app_name = "people"
urlpatterns = [
    path("people/", views.person_list, name="list"),
    path("people/<uuid:uuid>/invite/", views.person_invite_view, name="invite"),
    path("me/self-description/", views.self_description_edit, name="self_description"),
    path("import/people/", import_views.import_upload, name="import_upload"),
    path("import/people/<uuid:uuid>/", import_views.import_review, name="import_review"),
    path("import/people/<uuid:uuid>/errors.txt", import_views.import_errors, name="import_errors"),
    path("import/people/example.csv", import_views.import_example, name="import_example"),
]
