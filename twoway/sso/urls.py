from django.urls import path

from twoway.sso import views

app_name = "sso"

urlpatterns = [
    path("start/", views.sso_start, name="start"),
    path("callback/", views.sso_callback, name="callback"),
]
