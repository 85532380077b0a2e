import pytest

from conftest import log_in, oslo
from somevakt.audit.models import AuditEntry
from somevakt.deadlines.models import CrisisPeriod, QuestionClock
from somevakt.organisation.models import Role

pytestmark = pytest.mark.django_db


def test_the_informasjonsansvarlig_switches_crisis_mode_on_and_off_from_the_overview(
    client, informasjonsansvarlig, main_page, policy
):
    log_in(client, informasjonsansvarlig)
    on = {"channels": [main_page.pk], "reason": "Flom", "switch": "on"}
    assert client.post("/deadlines/crisis/", on).status_code == 302
    assert "Flom" in client.get("/deadlines/").content.decode()
    client.post("/deadlines/crisis/", {**on, "switch": "off", "reason": "Over"})
    assert CrisisPeriod.objects.get().ended_at is not None
    assert AuditEntry.objects.filter(action__startswith="deadlines.crisis").count() == 2


def test_an_admin_may_not_switch_crisis_mode(client, admin_user, main_page, policy):
    log_in(client, admin_user)
    on = {"channels": [main_page.pk], "reason": "Flom", "switch": "on"}
    assert client.post("/deadlines/crisis/", on).status_code == 403
    assert not CrisisPeriod.objects.exists()


def test_recording_an_answer_from_the_overview_stops_the_clock(client, ask, admin_user):
    ask("q1", oslo(2026, 11, 23, 11, 0))
    log_in(client, admin_user)
    clock = QuestionClock.objects.get()
    client.post(f"/deadlines/{clock.pk}/answered/")
    clock.refresh_from_db()
    assert clock.answered_by == admin_user


def test_the_overview_shows_the_figures_heading_to_every_employee(client, make_user, policy):
    log_in(client, make_user(Role.ANSATT))
    assert "Tid til første svar" in client.get("/deadlines/").content.decode()


def test_a_question_is_assigned_to_a_unit_from_the_overview(client, ask, admin_user, unit):
    ask("q1", oslo(2026, 11, 23, 11, 0))
    clock = QuestionClock.objects.get()
    log_in(client, admin_user)
    client.post(f"/deadlines/{clock.pk}/assign/", {"user": "", "unit": unit.pk})
    clock.refresh_from_db()
    assert (clock.assigned_to, clock.assigned_unit) == (None, unit)
    assert unit.name in client.get("/deadlines/").content.decode()


def test_the_waiting_questions_are_shown_fifty_to_a_page(client, ask, admin_user):
    for number in range(51):
        ask(f"q{number}", oslo(2026, 11, 23, 11, 0))
    log_in(client, admin_user)
    first = client.get("/deadlines/")
    assert len(first.context["waiting"]) == 50
    assert 'rel="next"' in first.content.decode()
    assert len(client.get("/deadlines/?page=2").context["waiting"]) == 1
