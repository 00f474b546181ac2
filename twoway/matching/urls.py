from django.urls import path

from twoway.matching import views

app_name = "matching"
RUN = "programs/<slug:slug>/matching/runs/<uuid:uuid>/"
urlpatterns = [
    path("programs/<slug:slug>/matching/", views.matching_overview, name="overview"),
    path("programs/<slug:slug>/matching/start/", views.run_create, name="run_create"),
    path(RUN, views.run_detail, name="run"),
    path(RUN + "progress/", views.run_progress, name="run_progress"),
    path(RUN + "fairness/", views.run_fairness, name="fairness"),
    path(RUN + "unmatched/", views.run_unmatched, name="unmatched"),
    path(RUN + "proposals/<uuid:proposal>/decide/", views.proposal_decide, name="decide"),
    path(RUN + "swap/", views.proposal_swap, name="swap"),
    path(RUN + "share/", views.run_share, name="share"),
    path(RUN + "publish/", views.run_publish, name="publish"),
    path("programs/<slug:slug>/my-match/", views.preview, name="preview"),
    path("programs/<slug:slug>/my-match/<uuid:proposal>/opt-out/", views.opt_out, name="opt_out"),
    path("programs/<slug:slug>/suggestions/", views.suggestions, name="suggestions"),
    path("programs/<slug:slug>/requests/", views.requests, name="requests"),
    path("programs/<slug:slug>/requests/send/", views.request_send, name="request_send"),
    path(
        "programs/<slug:slug>/requests/<uuid:uuid>/<str:action>/",
        views.request_decide,
        name="request_decide",
    ),
    path("pairs/<uuid:uuid>/rematch/", views.pair_rematch, name="rematch"),
]
