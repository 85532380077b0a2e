"""Login throttling (django-axes): a user name is locked out from one address after
AXES_FAILURE_LIMIT failures, with a page in Norwegian and an entry in the audit chain."""

import pytest
from django.test import Client

from conftest import PASSWORD
from somevakt.audit.models import AuditEntry
from somevakt.organisation.models import Role

pytestmark = pytest.mark.django_db


def attempt(user, password: str, address: str = "10.0.0.7"):
    return Client(REMOTE_ADDR=address).post(
        "/accounts/login/", {"username": user.username, "password": password}
    )


def test_a_user_is_locked_out_from_one_address_after_the_failure_limit(make_user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    user = make_user(Role.ADMIN)
    for _ in range(2):
        assert attempt(user, "wrong").status_code == 200  # the form again, with its error
    locked = attempt(user, "wrong")
    assert locked.status_code == 429
    assert "For mange mislykkede innlogginger" in locked.content.decode()
    # While locked, even the right password is refused from that address ...
    assert attempt(user, PASSWORD).status_code == 429
    # ... but not from another one: the lockout is per user name and address.
    assert attempt(user, PASSWORD, address="10.0.0.8").status_code == 302
    # The lockout and the refused attempt during it, both on the user, both from 10.0.0.7.
    entries = AuditEntry.objects.filter(action="organisation.login_locked_out")
    assert [(e.target_id, e.data) for e in entries] == [
        (str(user.pk), {"username": user.username, "ip_address": "10.0.0.7"})
    ] * 2


def test_a_success_before_the_limit_clears_the_failures(make_user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    user = make_user(Role.ADMIN)
    attempt(user, "wrong")
    attempt(user, "wrong")
    assert attempt(user, PASSWORD).status_code == 302
    attempt(user, "wrong")
    assert attempt(user, "wrong").status_code == 200
    assert not AuditEntry.objects.filter(action="organisation.login_locked_out").exists()


def test_behind_the_proxy_the_forwarded_address_counts(make_user, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.SOMEVAKT_TRUSTED_PROXY_COUNT = 1
    user = make_user(Role.ADMIN)

    def via_proxy(client_address: str):
        return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=client_address).post(
            "/accounts/login/", {"username": user.username, "password": "wrong"}
        )

    via_proxy("203.0.113.5")
    assert via_proxy("203.0.113.5").status_code == 429
    assert via_proxy("198.51.100.9").status_code == 200  # another citizen's address
