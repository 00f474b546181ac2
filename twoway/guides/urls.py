from django.urls import path

from twoway.guides import views

app_name = "guides"
urlpatterns = [
    path("guides/", views.guide_index, name="index"),
    path("guides/<slug:slug>/", views.guide_page, name="page"),
    path("programs/<slug:slug>/arc/", views.arc_edit, name="arc"),
    path("programs/<slug:slug>/arc/reset/", views.arc_reset, name="arc_reset"),
    path("programs/<slug:slug>/launch/", views.launch_detail, name="launch"),
    path("programs/<slug:slug>/launch/edit/", views.launch_edit, name="launch_edit"),
    path("programs/<slug:slug>/launch/publish/", views.launch_publish, name="launch_publish"),
    path("programs/<slug:slug>/launch/topics/", views.topic_call_answer, name="topic_answer"),
]
