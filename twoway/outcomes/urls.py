from django.urls import path

from twoway.outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("outcomes/", views.organisation, name="organisation"),
    path("programs/<slug:slug>/outcomes/", views.program_page, name="program"),
    path("programs/<slug:slug>/outcomes.pdf", views.pdf, name="pdf"),
    path("programs/<slug:slug>/outcomes/<slug:table>.csv", views.export_csv, name="export_csv"),
    path("programs/<slug:slug>/outcomes/<slug:table>.xlsx", views.export_xlsx, name="export_xlsx"),
]
