from django.contrib import admin
from django.urls import include, path, re_path

from twoway.api import views as api_views
from twoway.api.api import api
from twoway.core import views as core_views
from twoway.home import views as home_views

handler403 = "twoway.core.views.error_403"
handler404 = "twoway.core.views.error_404"
handler500 = "twoway.core.views.error_500"

urlpatterns = [
    path("", home_views.home, name="home"),
    path("accounts/sso/", include("twoway.sso.urls")),
    path("accounts/", include("twoway.core.urls_accounts")),
    path("audit/", include("twoway.core.urls_audit")),
    path("roles/", include("twoway.core.urls_roles")),
    path("", include("twoway.people.urls")),
    path("", include("twoway.skills.urls")),
    path("", include("twoway.programs.urls")),
    path("", include("twoway.matching.urls")),
    path("", include("twoway.pairs.urls")),
    path("", include("twoway.meetings.urls")),
    path("", include("twoway.surveys.urls")),
    path("", include("twoway.guides.urls")),
    path("", include("twoway.speakup.urls")),
    path("", include("twoway.circles.urls")),
    path("", include("twoway.events.urls")),
    path("", include("twoway.insights.urls")),
    path("", include("twoway.notifications.urls")),
    path("", include("twoway.recognition.urls")),
    path("", include("twoway.outcomes.urls")),
    path("", include("twoway.privacy.urls")),
    path("", include("twoway.api.urls")),
    path("api/v1/", api.urls),
    path("scim/v2/", include("twoway.scim.urls")),
    re_path(r"^api/", api_views.api_not_found),
    path("", include("twoway.home.urls")),
    path("admin/", admin.site.urls),
    path("healthz", core_views.healthz, name="healthz"),
]
