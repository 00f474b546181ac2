from django.urls import path

from twoway.insights import views

app_name = "insights"
urlpatterns = [
    path("insights/raise/", views.insight_raise, name="raise"),
    path("programs/<slug:slug>/insights/", views.board, name="board"),
    path("programs/<slug:slug>/insights/group/", views.board_group, name="group"),
    path("programs/<slug:slug>/insights/actions/<uuid:uuid>/", views.action_edit, name="action"),
    path(
        "programs/<slug:slug>/insights/<uuid:uuid>/author/",
        views.insight_author,
        name="reveal",
    ),
    path("you-said-we-did/", views.you_said_we_did, name="you_said_we_did"),
]
