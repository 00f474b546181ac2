from django.urls import path

from twoway.programs import views

app_name = "programs"
urlpatterns = [
    path("programs/", views.program_list, name="list"),
    path("programs/new/", views.program_create, name="create"),
    path("programs/new/<slug:preset>/", views.program_create_details, name="create_details"),
    path(
        "programs/<slug:slug>/setup/matching/",
        views.program_setup_matching,
        name="setup_matching",
    ),
    path("programs/<slug:slug>/edit/", views.program_edit, name="edit"),
    path("programs/<slug:slug>/status/", views.program_transition, name="transition"),
    path("programs/<slug:slug>/managers/", views.program_manager_add, name="manager_add"),
    path(
        "programs/<slug:slug>/managers/remove/",
        views.program_manager_remove,
        name="manager_remove",
    ),
    path("programs/<slug:slug>/rules/", views.program_rules, name="rules"),
    path("programs/<slug:slug>/rules/preview/", views.program_rules_preview, name="rules_preview"),
    path("programs/<slug:slug>/invite/", views.program_invite, name="invite"),
    path("programs/<slug:slug>/enrollments/", views.enrollment_list, name="enrollments"),
    path("programs/<slug:slug>/join/", views.program_join, name="join"),
    path("programs/<slug:slug>/leave/", views.program_leave, name="leave"),
    path("my-programs/suggest/", views.skill_suggest, name="skill_suggest"),
    path("approvals/", views.approvals, name="approvals"),
    path("approvals/<uuid:uuid>/", views.enrollment_decide, name="decide"),
]
