import datetime

import pytest

from conftest import log_in, oslo
from somevakt.governance.models import PlannedWeek
from somevakt.governance.services import quiet_weeks_remind
from somevakt.organisation.models import Role

pytestmark = pytest.mark.django_db


def test_the_plan_page_warns_of_a_quiet_week_and_lets_the_admin_plan_weeks_ahead(
    client, policy, kino, kino_admin, time_machine
):
    time_machine.move_to(oslo(2026, 11, 26, 10, 0), tick=False)
    quiet_weeks_remind()
    log_in(client, kino_admin)

    page = client.get("/compliance/plans/kino/").content.decode()

    assert "Innholdsplan for Rakkestad kino" in page
    assert "Siden har ikke publisert noe denne uka. Uka slutter søndag 29.11." in page
    assert "Administratorene fikk en påminnelse på e-post 26.11. 10:00." in page
    assert 'aria-current="date"' in page
    assert "Planlagt tema, uke 48" in page and "Planlagt tema, uke 49" in page
    assert "Planlagt tema, uke 47" not in page  # the past is shown, not edited


def test_an_admin_saves_a_week_of_the_plan(client, policy, kino, kino_admin, time_machine):
    time_machine.move_to(oslo(2026, 11, 24, 10, 0), tick=False)
    log_in(client, kino_admin)

    response = client.post(
        "/compliance/plans/kino/2026-11-30/",
        {"topic": "Julekalender", "responsible": "Arne"},
        follow=True,
    )

    assert "Uke 49 er lagret." in response.content.decode()
    assert PlannedWeek.objects.get().week == datetime.date(2026, 11, 30)


def test_a_week_that_is_not_a_date_is_not_found_and_a_past_week_is_refused(
    client, policy, kino, kino_admin, time_machine
):
    time_machine.move_to(oslo(2026, 11, 24, 10, 0), tick=False)
    log_in(client, kino_admin)

    assert client.post("/compliance/plans/kino/uke-49/", {"topic": "x"}).status_code == 404
    response = client.post("/compliance/plans/kino/2026-11-16/", {"topic": "x"}, follow=True)
    assert "Bare denne uka og ukene framover kan planlegges." in response.content.decode()
    assert not PlannedWeek.objects.exists()


def test_an_employee_reads_the_plan_but_may_not_change_it(
    client, policy, kino, make_user, time_machine
):
    time_machine.move_to(oslo(2026, 11, 24, 10, 0), tick=False)
    log_in(client, make_user(Role.ANSATT))

    page = client.get("/compliance/plans/kino/").content.decode()
    assert "Uke 48" in page and "<input" not in page.split("<table")[1]
    assert client.post("/compliance/plans/kino/2026-11-30/", {"topic": "x"}).status_code == 403


def test_the_list_shows_every_local_page_with_this_week(
    client, policy, kino, informasjonsansvarlig, time_machine
):
    time_machine.move_to(oslo(2026, 11, 27, 10, 0), tick=False)
    log_in(client, informasjonsansvarlig)

    page = client.get("/compliance/plans/").content.decode()

    assert 'href="/compliance/plans/kino/"' in page
    assert "Ingen innlegg ennå" in page
