import json

import pytest
from django.test import Client

from conftest import log_in
from somevakt.inbox.services import item_ingest
from somevakt.moderation.models import CaseOrigin, CaseState, ModerationCase
from somevakt.organisation.models import Role

pytestmark = pytest.mark.django_db


def result_thread(result) -> int:
    from somevakt.inbox.models import Item

    return Item.objects.get(pk=result.item_id).thread_id


def _client(user) -> Client:
    client = Client()
    log_in(client, user)
    return client


def test_any_employee_reports_an_item_from_the_conversation(
    policy, main_page, make_event, make_user
):
    result = item_ingest(event=make_event(external_id="100200300_7", text="Se her: kjøp billig"))
    employee = make_user(Role.ANSATT)
    client = _client(employee)
    thread = client.get(f"/inbox/threads/{result_thread(result)}/").content.decode()
    assert "Meld til moderatorene" in thread
    answer = client.post(
        f"/moderation/items/{result.item_id}/report/",
        {"reason": "Reklame", "rules": ["D1"], "next": "/inbox/"},
        follow=True,
    )
    assert "Meldt til moderatorene." in answer.content.decode()
    case = ModerationCase.objects.get(item_id=result.item_id)
    assert (case.origin, case.rules, case.report_note) == (CaseOrigin.REPORT, ["D1"], "Reklame")
    assert case.opened_by == employee
    thread = client.get(f"/inbox/threads/{result_thread(result)}/").content.decode()
    assert "/moderation/cases/" not in thread  # the case itself is the moderators' business


def test_report_without_a_note_is_refused_with_a_message(policy, main_page, make_event, make_user):
    result = item_ingest(event=make_event(external_id="100200300_8", text="Hei"))
    answer = _client(make_user(Role.ANSATT)).post(
        f"/moderation/items/{result.item_id}/report/", {"reason": " "}, follow=True
    )
    assert "Skriv i meldingen hva som er galt" in answer.content.decode()
    assert not ModerationCase.objects.exists()


def test_the_api_walks_a_case_from_hide_to_approval(
    flagged_case, admin_user, informasjonsansvarlig
):
    admin = _client(admin_user)
    url = f"/api/moderation/cases/{flagged_case.pk}"

    def post(client, step, **body):
        return client.post(f"{url}/{step}", json.dumps(body), content_type="application/json")

    assert admin.get("/api/moderation/cases").json()[0]["id"] == flagged_case.pk
    assert post(admin, "hide").json()["state"] == "hidden"
    assert post(admin, "propose", rules=["D5"], reason="personangrep").json()["state"] == "proposed"
    conflict = post(admin, "hide")
    assert conflict.status_code == 409 and "bare mulig" in conflict.json()["detail"]
    unknown = post(admin, "explode")
    assert unknown.status_code == 422
    approver = _client(informasjonsansvarlig)
    assert approver.get("/api/moderation/approvals").json()["cases"][0]["id"] == flagged_case.pk
    assert post(approver, "approve").json()["state"] == "approved"


def test_queue_lists_most_severe_first_and_the_case_page_shows_the_words(
    flagged_case, admin_user, policy, make_event
):
    item_ingest(event=make_event(external_id="100200300_50", text="Jeg skal drepe deg, ordfører."))
    client = _client(admin_user)
    page = client.get("/moderation/").content.decode()
    assert page.index("drepe deg") < page.index("idiot, ordfører")
    case_page = client.get(f"/moderation/cases/{flagged_case.pk}/").content.decode()
    assert 'data-rule="D5"' in case_page and "Foreslå sletting" in case_page
    assert flagged_case.state == CaseState.OPEN


def test_unknown_case_is_a_404(admin_user, policy):
    assert _client(admin_user).get("/moderation/cases/999999/").status_code == 404
