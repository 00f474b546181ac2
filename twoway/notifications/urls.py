from django.urls import path

from twoway.notifications import views

app_name = "notifications"
urlpatterns = [
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("account/email/", views.preferences_edit, name="preferences"),
]
