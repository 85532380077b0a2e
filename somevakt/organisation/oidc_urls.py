"""The single sign-on routes (mounted under oidc/ only when OIDC_RP_CLIENT_ID is set); they
are reached before a login, so they are open like the login page."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

urlpatterns = [
    path(
        "authenticate/",
        login_not_required(OIDCAuthenticationRequestView.as_view()),
        name="oidc_authentication_init",
    ),
    path(
        "callback/",
        login_not_required(OIDCAuthenticationCallbackView.as_view()),
        name="oidc_authentication_callback",
    ),
]
