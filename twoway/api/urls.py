from django.urls import path

from twoway.api import views

app_name = "tokens"
urlpatterns = [
    path("me/tokens/", views.token_list, name="list"),
    path("me/tokens/<uuid:uuid>/revoke/", views.token_revoke, name="revoke"),
]
