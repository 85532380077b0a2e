"""Connecting an account: secrets encrypted at rest, never shown or recorded again."""

import json
import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from somevakt.audit.models import AuditEntry
from somevakt.connectors.crypto import decrypt, encrypt, mask
from somevakt.connectors.models import ConnectedAccount
from somevakt.connectors.services import AccountSecrets, account_connect, account_test
from somevakt.connectors.tests.conftest import PAGE, TOKEN
from somevakt.organisation.models import Role

SECRETS = AccountSecrets(access_token=TOKEN, app_secret="the-app-secret", verify_token="vt-1")


def stored_row(account) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT access_token, app_secret, verify_token FROM connectors_connectedaccount "
            "WHERE id = %s",
            [account.pk],
        )
        return json.dumps(cursor.fetchone())


def test_secrets_are_encrypted_at_rest_and_read_back(informasjonsansvarlig, fb_page):
    account = account_connect(
        actor=informasjonsansvarlig, channel=fb_page, account_id=PAGE, secrets=SECRETS
    )
    row = stored_row(account)
    for secret in (TOKEN, "the-app-secret", "vt-1"):
        assert secret not in row
    again = ConnectedAccount.objects.get(pk=account.pk)
    assert (again.access_token, again.app_secret, again.verify_token) == (
        TOKEN, "the-app-secret", "vt-1"
    )  # fmt: skip


def test_the_audit_chain_and_log_record_that_secrets_were_set_not_what_they_are(
    informasjonsansvarlig, fb_page, caplog
):
    caplog.set_level(logging.DEBUG)
    account_connect(actor=informasjonsansvarlig, channel=fb_page, account_id=PAGE, secrets=SECRETS)
    entry = AuditEntry.objects.get(action="connectors.account.connected")
    assert entry.data["secrets_set"] == ["access_token", "app_secret", "verify_token"]
    recorded = json.dumps(list(AuditEntry.objects.values()), default=str) + caplog.text
    assert TOKEN not in recorded and "the-app-secret" not in recorded


def test_an_empty_secret_keeps_the_stored_one(informasjonsansvarlig, fb_page):
    account_connect(actor=informasjonsansvarlig, channel=fb_page, account_id=PAGE, secrets=SECRETS)
    account = account_connect(
        actor=informasjonsansvarlig,
        channel=fb_page,
        account_id=PAGE,
        secrets=AccountSecrets(access_token="a-new-token-0123456789"),
    )
    account.refresh_from_db()
    assert (account.access_token, account.app_secret) == (
        "a-new-token-0123456789",
        "the-app-secret",
    )


def test_only_the_informasjonsansvarlig_connects_accounts(make_user, fb_page):
    with pytest.raises(PermissionDenied):
        account_connect(
            actor=make_user(Role.ADMIN), channel=fb_page, account_id=PAGE, secrets=SECRETS
        )


def test_the_connection_test_calls_the_platform_and_keeps_its_answer(
    informasjonsansvarlig, fb_account
):
    account = account_test(actor=informasjonsansvarlig, account=fb_account)
    assert account.last_test_ok and PAGE in account.last_test_result
    fb_account.access_token = "revoked"  # noqa: S105
    fb_account.save()
    account = account_test(actor=informasjonsansvarlig, account=fb_account)
    assert not account.last_test_ok and "190" in account.last_test_result


def test_a_secret_is_shown_masked_only():
    assert mask(TOKEN) == "••••" + TOKEN[-4:]
    assert mask("short") == "••••"
    assert decrypt(encrypt("x")) == "x" and encrypt("x") != encrypt("x")


def test_keys_rotate_old_secrets_stay_readable(settings, fb_account):
    from cryptography.fernet import Fernet
    from django.core.management import call_command

    settings.SOMEVAKT_FIELD_KEYS = [Fernet.generate_key().decode(), *settings.SOMEVAKT_FIELD_KEYS]
    assert ConnectedAccount.objects.get(pk=fb_account.pk).access_token == TOKEN
    call_command("connectors", "rotate-keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.SOMEVAKT_FIELD_KEYS = settings.SOMEVAKT_FIELD_KEYS[:1]  # the old key is gone
    assert ConnectedAccount.objects.get(pk=fb_account.pk).access_token == TOKEN


def test_production_refuses_to_start_without_a_field_key(tmp_path):
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "SOMEVAKT"))}
    env |= {"SOMEVAKT_MODE": "production", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "a.no"}
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "SOMEVAKT_FIELD_KEY" in result.stderr
