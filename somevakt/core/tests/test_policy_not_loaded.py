"""Before any policy is loaded, pages and commands that need one say so instead of failing."""

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from conftest import log_in
from somevakt.organisation.models import Role

pytestmark = pytest.mark.django_db


def test_a_page_that_needs_the_policy_says_none_is_in_force(make_user):
    client = Client()
    log_in(client, make_user(Role.INFORMASJONSANSVARLIG))
    answer = client.get("/compliance/")
    assert answer.status_code == 503
    assert "policy load" in answer.content.decode()


def test_the_compliance_command_says_how_to_load_a_policy():
    with pytest.raises(CommandError, match="policy load") as raised:
        call_command("compliance")
    assert raised.value.returncode == 2
