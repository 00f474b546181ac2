from django.urls import path

from twoway.pairs import views

app_name = "pairs"
PAIR = "pairs/<uuid:uuid>/"
urlpatterns = [
    path("pairs/", views.pair_list, name="mine"),
    path(PAIR + "agreement/", views.agreement_detail, name="agreement"),
    path(PAIR + "agreement/edit/", views.agreement_edit, name="agreement_edit"),
    path(PAIR + "agreement.pdf", views.agreement_pdf, name="agreement_pdf"),
    path(PAIR + "agreement/sign/", views.agreement_sign, name="sign"),
    path(PAIR + "end/", views.pair_end, name="end"),
    path(PAIR + "reflection/", views.reflection_write, name="reflection"),
    path("checkins/<uuid:uuid>/", views.checkin_answer, name="checkin"),
    path(
        "programs/<slug:slug>/participants/import/",
        views.participants_import,
        name="participants_import",
    ),
]
