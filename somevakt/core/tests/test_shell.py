import pytest
from django.conf import settings
from django.urls import reverse

from conftest import log_in
from somevakt.organisation.models import Role
from somevakt.policy.rules import RULE_IDS
from somevakt.policy.services import policy_load
from somevakt.sources.models import Channel, ChannelType

pytestmark = pytest.mark.django_db


def test_login_with_the_form_leads_to_the_inbox(client, make_user):
    make_user(Role.ADMIN, username="arne", password="et-godt-passord")

    response = client.post(
        reverse("login"), {"username": "arne", "password": "et-godt-passord"}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("inbox:list")
    assert "Logg ut" in response.content.decode()


def test_a_wrong_password_is_refused_with_a_message(client, make_user):
    make_user(Role.ADMIN, username="arne", password="et-godt-passord")

    response = client.post(reverse("login"), {"username": "arne", "password": "feil"})

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_the_menu_shows_the_rooms_the_role_may_enter(client, make_user):
    log_in(client, make_user(Role.SERVICEKONTOR))
    page = client.get(reverse("inbox:list")).content.decode()
    assert 'aria-current="page">Innboks' in page
    assert "Kanaler" in page and "Retningslinjer" in page

    log_in(client, make_user())  # a login without a role sees nothing
    response = client.get(reverse("inbox:list"))
    assert response.status_code == 403
    assert "Innboks</a>" not in response.content.decode()


def test_the_policy_page_shows_every_rule_with_its_id_as_anchor(client, admin_user):
    policy_load(path=settings.SOMEVAKT_DEFAULT_POLICY, actor=None)
    log_in(client, admin_user)

    page = client.get(reverse("policy:detail")).content.decode()

    for rule_id in RULE_IDS:
        assert f'id="{rule_id}"' in page
    assert "09:00–15:00" in page
    assert "Innlegg skal skrives på skandinavisk eller engelsk." in page


def test_the_policy_page_says_how_to_load_a_policy_when_none_is_in_force(client, admin_user):
    log_in(client, admin_user)

    response = client.get(reverse("policy:detail"))

    assert response.status_code == 503
    assert "manage.py policy load" in response.content.decode()


def test_the_channel_list_shows_type_unit_and_counts(client, admin_user, make_channel):
    make_channel(ChannelType.LOCAL_PAGE, name="Rakkestad kino", is_demo=True)
    log_in(client, admin_user)

    page = client.get(reverse("sources:list")).content.decode()

    assert "Rakkestad kino" in page and "Lokal side" in page and "Informasjonsenheten" in page


def test_only_the_informasjonsansvarlig_manages_the_registry_in_the_admin(
    client, informasjonsansvarlig, make_user, unit
):
    clerk = make_user(Role.ADMIN)
    clerk.is_staff = True
    clerk.save()
    log_in(client, clerk)
    assert client.get(reverse("admin:sources_channel_changelist")).status_code == 403

    informasjonsansvarlig.is_staff = True
    informasjonsansvarlig.save()
    log_in(client, informasjonsansvarlig)
    response = client.post(
        reverse("admin:sources_channel_add"),
        {
            "name": "Frivilligsentralen",
            "slug": "frivilligsentralen",
            "channel_type": ChannelType.LOCAL_PAGE,
            "platform": "facebook",
            "external_id": "4242",
            "unit": unit.pk,
            "members-TOTAL_FORMS": "1",
            "members-INITIAL_FORMS": "0",
            "members-0-role": "admin",
            "members-0-person_name": "Ingrid Haugen",
            "members-0-is_employee": "",
            "members-0-user": informasjonsansvarlig.pk,
            "members-0-since": "2026-01-05",
        },
    )

    assert response.status_code == 302, response.context["errors"]
    channel = Channel.objects.get(slug="frivilligsentralen")
    assert channel.members.get().is_employee
    assert client.get(reverse("admin:sources_channel_delete", args=[channel.pk])).status_code == 403


def test_the_language_switch_changes_the_page_language(client, admin_user):
    log_in(client, admin_user)

    response = client.post(reverse("set_language"), {"language": "en", "next": "/inbox/"})

    assert response.status_code == 302
    assert '<html lang="en">' in client.get("/inbox/").content.decode()
