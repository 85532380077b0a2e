"""Every URL refuses a POST without a CSRF token, except the platforms' webhooks, which
are checked by their signature instead."""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from conftest import log_in
from somevakt.organisation.models import Role

pytestmark = pytest.mark.django_db

CSRF_EXEMPT_BY_DESIGN = ["connections/webhook/<slug:platform>/"]


def every_route(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    routes = []
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            routes += every_route(entry, route)
        elif isinstance(entry, URLPattern):
            routes.append(route)
    return routes


def concrete(route: str) -> str:
    """A path for a route: converters become 1 or "x", regex routes their simplest match."""
    path = re.sub(r"<int:\w+>", "1", route)
    path = re.sub(r"<(?:slug:|str:|path:)?\w+>", "x", path)
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "x", path)
    return "/" + path.lstrip("^").rstrip("$").replace("\\", "")


def test_a_post_without_a_csrf_token_is_refused_everywhere_but_the_signed_webhooks(make_user):
    client = Client(enforce_csrf_checks=True)
    log_in(client, make_user(*Role))
    accepted, post_handling = [], 0
    for route in every_route():
        response = client.post(concrete(route), {"reason": "x"})
        if response.status_code == 405:  # an API route that takes no POST at all
            continue
        post_handling += 1
        if response.status_code != 403:
            accepted.append(route)  # the webhook answers by its signature check instead
    assert accepted == CSRF_EXEMPT_BY_DESIGN
    assert post_handling > 40


def test_the_same_post_with_the_token_passes_the_check(make_user):
    """The refusal above is the CSRF check, not the permissions: with a token it passes."""
    client = Client(enforce_csrf_checks=True)
    log_in(client, make_user(Role.INFORMASJONSANSVARLIG))
    client.get("/inbox/")
    token = client.cookies["csrftoken"].value
    response = client.post("/deadlines/crisis/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
