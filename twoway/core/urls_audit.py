from django.urls import path

from twoway.core import views

app_name = "audit"
urlpatterns = [path("", views.audit_list, name="list")]
