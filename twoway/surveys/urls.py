from django.urls import path

from twoway.surveys import views

app_name = "surveys"

urlpatterns = [
    path("surveys/<uuid:uuid>/", views.survey_answer, name="answer"),
    path("programs/<slug:slug>/surveys/", views.question_list, name="questions"),
    path("programs/<slug:slug>/surveys/<uuid:uuid>/", views.question_edit, name="question_edit"),
]
