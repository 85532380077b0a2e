"""The project's URLs with the single sign-on routes, as they are when OIDC is configured."""

from django.urls import include, path

from somevakt.urls import urlpatterns as base

urlpatterns = [*base, path("oidc/", include("somevakt.organisation.oidc_urls"))]
