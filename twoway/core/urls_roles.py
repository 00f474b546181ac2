from django.urls import path

from twoway.core import role_views

app_name = "roles"
urlpatterns = [
    path("", role_views.role_list, name="list"),
    path("grant/", role_views.role_grant_create, name="grant"),
    path("<int:pk>/revoke/", role_views.role_grant_revoke, name="revoke"),
]
