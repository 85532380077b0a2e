from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import LoginView
from django.urls import include, path
from django.views.generic import RedirectView

from somevakt.api import api
from somevakt.organisation.views import two_factor, two_factor_enrol

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="inbox:list"), name="home"),
    path("inbox/", include("somevakt.inbox.urls")),
    path("moderation/", include("somevakt.moderation.urls")),
    path("channels/", include("somevakt.sources.urls")),
    path("policy/", include("somevakt.policy.urls")),
    path("deadlines/", include("somevakt.deadlines.urls")),
    path("compliance/", include("somevakt.governance.urls")),
    path("guidelines/", include("somevakt.guidelines.urls")),
    path("servicedesk/", include("somevakt.servicedesk.urls")),
    path("connections/", include("somevakt.connectors.urls")),
    path("reports/", include("somevakt.reports.urls")),
    path("archive/", include("somevakt.archive.urls")),
    path("publishing/", include("somevakt.publishing.urls")),
    path("public/", include("somevakt.publishing.public_urls")),
    path("privacy/", include("somevakt.privacy.urls")),
    path(
        "accounts/login/",
        LoginView.as_view(extra_context={"single_sign_on": bool(settings.OIDC_RP_CLIENT_ID)}),
        name="login",
    ),
    path("accounts/two-factor/", two_factor, name="two_factor"),
    path("accounts/two-factor/enrol/", two_factor_enrol, name="two_factor_enrol"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
if settings.OIDC_RP_CLIENT_ID:
    urlpatterns.append(path("oidc/", include("somevakt.organisation.oidc_urls")))
