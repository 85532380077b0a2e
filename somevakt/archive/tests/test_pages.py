"""The archive room, the journal, the innsyn search and the API enforce the same roles
as the services; the public journal is open to all and screens private persons."""

import json

import pytest
from django.test import Client

from conftest import log_in
from somevakt.archive.models import DecisionState, Outcome
from somevakt.archive.services import decision_confirm, journalpost_screen, threads_classify
from somevakt.organisation.models import Role

pytestmark = pytest.mark.django_db

POST = (True, "Kokevarsel for Os: drikkevannet må kokes inntil videre.")
QUESTION = (False, "Hvor lenge varer kokevarselet i Os?")
ANSWER = (True, "Hei! Kokevarselet gjelder til vi har fått nye prøvesvar, trolig fredag.")


@pytest.fixture
def decision(conversation):
    thread = conversation(POST, QUESTION, ANSWER)
    threads_classify()
    return thread.archive_decision


def client_for(user) -> Client:
    client = Client()
    log_in(client, user)
    return client


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.ARKIVAR, True),
        (Role.INFORMASJONSANSVARLIG, True),
        (Role.ADMIN, False),
        (Role.SERVICEKONTOR, False),
        (Role.ANSATT, False),
    ],
)
def test_who_sees_the_archive_room_and_may_decide(decision, make_user, role, allowed):
    client = client_for(make_user(role))
    for url in ("/archive/", "/archive/journal/", "/archive/innsyn/?q=Os"):
        assert client.get(url).status_code == (200 if allowed else 403), url
    response = client.post(f"/archive/decisions/{decision.pk}/")
    decision.refresh_from_db()
    assert (decision.state == DecisionState.CONFIRMED) is allowed
    api = client.post(
        f"/api/archive/decisions/{decision.pk}", "{}", content_type="application/json"
    )
    assert api.status_code == (409 if allowed else 403)  # already confirmed, or forbidden
    assert response.status_code in (302, 403)


def test_one_htmx_click_confirms_and_returns_the_decided_card(decision, arkivar):
    response = client_for(arkivar).post(
        f"/archive/decisions/{decision.pk}/", HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-decision="{decision.pk}"' in html and 'data-state="confirmed"' in html
    assert 'role="status"' in html


def test_an_override_without_a_reason_is_refused_in_the_card(decision, arkivar):
    response = client_for(arkivar).post(
        f"/archive/decisions/{decision.pk}/",
        {"outcome": Outcome.ARCHIVED, "reason": ""},
        HTTP_HX_REQUEST="true",
    )
    assert 'role="alert"' in response.content.decode()
    decision.refresh_from_db()
    assert decision.state == DecisionState.PROPOSED


def test_the_api_overrides_with_a_reason_and_names_four_eyes(
    decision, arkivar, informasjonsansvarlig
):
    body = json.dumps({"outcome": "not_archived", "reason": "Bare en hilsen"})
    refused = client_for(informasjonsansvarlig).post(
        f"/api/archive/decisions/{decision.pk}", body, content_type="application/json"
    )
    assert refused.status_code == 409 and "arkivar" in refused.json()["detail"]
    done = client_for(arkivar).post(
        f"/api/archive/decisions/{decision.pk}", body, content_type="application/json"
    )
    assert done.status_code == 200
    assert done.json()["outcome"] == "not_archived"
    assert done.json()["confirmed_by"] == "per"


def test_the_public_journal_needs_no_login_and_screens_private_persons(decision, arkivar):
    decision_confirm(actor=arkivar, decision=decision)
    post = decision.journalpost
    html = Client().get("/archive/public/").content.decode()
    assert post.registrerings_id in html
    assert "Innbygger Nummer1" not in html and "*****" in html
    journalpost_screen(
        actor=arkivar, journalpost=post, hjemmel="Offl. § 13 jf. fvl. § 13 første ledd nr. 1"
    )
    html = Client().get("/archive/public/").content.decode()
    assert "kokevarselet" not in html.lower().split("<tbody>")[1]
    assert "Offl. § 13 jf. fvl. § 13" in html
    api = Client().get("/api/archive/public-journal?start=2000-01-01&end=2100-01-01").json()
    assert api[0]["registrerings_id"] == post.registrerings_id
    assert all(name == "*****" for _kind, name in api[0]["parts"])
    xml = Client().get("/archive/public/offentligJournal.xml")
    assert xml.status_code == 200 and b"Innbygger" not in b"".join(xml.streaming_content)


def test_the_staff_journal_shows_the_names_and_the_innsyn_search_finds_words(decision, arkivar):
    decision_confirm(actor=arkivar, decision=decision)
    client = client_for(arkivar)
    assert "Innbygger Nummer1" in client.get("/archive/journal/").content.decode()
    found = client.get("/archive/innsyn/?q=prøvesvar").content.decode()
    assert decision.journalpost.registrerings_id in found
    assert "dokument.pdf" in found
