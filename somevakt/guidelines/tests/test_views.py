import pytest

from conftest import log_in
from somevakt.guidelines.services import guidelines_acknowledge
from somevakt.organisation.models import Role

pytestmark = pytest.mark.django_db

NOTICE = "Retningslinjene for ansatte har en versjon du ikke har bekreftet ennå."


def test_every_page_shows_the_notice_until_the_employee_acknowledges(client, policy, make_user):
    kari = make_user(Role.ANSATT)
    log_in(client, kari)

    for url in ("/inbox/", "/policy/", "/guidelines/"):
        page = client.get(url).content.decode()
        assert NOTICE in page
        assert 'href="/guidelines/#acknowledge"' in page

    response = client.post("/guidelines/acknowledge/", {"version": "2026-1"}, follow=True)

    page = response.content.decode()
    assert "Takk. Du har bekreftet retningslinjene." in page
    assert NOTICE not in page
    assert NOTICE not in client.get("/inbox/").content.decode()


def test_the_guidelines_page_shows_every_item_and_the_version(client, policy, make_user):
    log_in(client, make_user(Role.ANSATT))

    page = client.get("/guidelines/").content.decode()

    assert "Versjon 2026-1" in page
    assert 'id="P10"' in page
    assert "Husk at saksbehandling ikke foregår i sosiale medier." in page
    assert "Jeg har lest retningslinjene og vil følge dem" in page
    assert "Hvem som har bekreftet" not in page  # the list is the informasjonsansvarlig's


def test_acknowledging_an_old_version_says_a_new_one_is_in_force(client, policy, make_user):
    log_in(client, make_user(Role.ANSATT))

    response = client.post("/guidelines/acknowledge/", {"version": "2025-1"}, follow=True)

    assert "En ny versjon av retningslinjene gjelder." in response.content.decode()


def test_a_malformed_acknowledgement_is_refused_without_an_error(client, policy, make_user):
    log_in(client, make_user(Role.ANSATT))

    response = client.post("/guidelines/acknowledge/", {}, follow=True)

    assert response.status_code == 200
    assert "Skjemaet var ufullstendig" in response.content.decode()


def test_the_informasjonsansvarlig_sees_who_has_not_acknowledged(
    client, policy, make_user, informasjonsansvarlig
):
    tone = make_user(Role.SERVICEKONTOR, username="tone")
    guidelines_acknowledge(actor=tone, version="2026-1")
    log_in(client, informasjonsansvarlig)

    page = client.get("/guidelines/acknowledgements/").content.decode()

    assert "1 av 2 ansatte har ikke bekreftet versjonen som gjelder" in page
    assert "Ikke ennå" in page and "Servicekontor" in page


def test_others_may_not_see_who_has_acknowledged(client, policy, admin_user, make_user):
    log_in(client, admin_user)
    assert client.get("/guidelines/acknowledgements/").status_code == 403
    log_in(client, make_user())
    assert client.get("/guidelines/").status_code == 403
