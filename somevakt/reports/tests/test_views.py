import csv
import io

from django.utils import timezone

from conftest import log_in, oslo
from somevakt.deadlines.services import crisis_start
from somevakt.organisation.models import Role


def login(client, make_user, role=Role.INFORMASJONSANSVARLIG):
    user = make_user(role)
    log_in(client, user)
    return user


def test_the_overview_shows_each_figure_as_a_chart_with_its_table(client, make_user, ingest):
    login(client, make_user)
    ingest("q1", oslo(2026, 11, 24, 10, 0))
    response = client.get("/reports/?period=2026-W48")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('role="img"') >= 6
    assert 'id="chart-dialogue-title"' in html
    assert html.count("<details>") >= 6  # the numbers a click away


def test_a_bad_period_is_a_400_with_the_fix_not_a_500(client, make_user, policy):
    login(client, make_user)
    response = client.get("/reports/?period=2026-W99")
    assert response.status_code == 400
    assert "Fix: give a week from 01 to 52" in response.content.decode()
    assert client.get("/reports/export.csv?kind=year").status_code == 400


def test_the_csv_export_has_a_row_per_figure_label_and_measure(client, make_user, ingest):
    login(client, make_user)
    ingest("q1", oslo(2026, 11, 24, 10, 0))
    response = client.get("/reports/export.csv?period=2026-W48", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Disposition"] == 'attachment; filename="somevakt-2026-W48.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    questions = [r for r in rows if r["figure"] == "dialogue" and r["measure"] == "Questions"]
    assert len(questions) == 12
    assert questions[-1]["value"] == "1"


def test_the_json_export_and_the_pdf_for_a_month(client, make_user, policy):
    login(client, make_user)
    document = client.get("/reports/export.json?period=2026-11").json()
    assert document["periods"][-1] == "2026-11"
    pdf = client.get("/reports/weekly.pdf?period=2026-W48")
    assert pdf["Content-Type"] == "application/pdf"


def test_staff_without_the_role_are_refused(client, make_user, policy):
    login(client, make_user, Role.ANSATT)
    assert client.get("/reports/").status_code == 403
    assert client.get("/reports/export.json").status_code == 403


def test_the_crisis_view_counts_volume_per_hour_and_open_questions(
    client, make_user, ingest, main_page
):
    user = login(client, make_user)
    crisis_start(actor=user, channels=[main_page], reason="Flom i sentrum")
    now = timezone.now()
    ingest("k1", now, text="Er Storgata stengt på grunn av flommen?")
    ingest("k2", now, text="Hvor kan vi hente sandsekker?")

    page = client.get("/reports/crisis/").content.decode()
    fragment = client.get("/reports/crisis/", headers={"HX-Request": "true"}).content.decode()

    assert "Flom i sentrum" in page and 'hx-trigger="every 30s"' in page
    assert "<html" not in fragment and "Flom i sentrum" in fragment
    assert "<dd>2</dd>" in page  # open questions
    assert 'id="chart-crisis_volume-title"' in page


def test_without_a_crisis_the_view_says_so(client, make_user, policy):
    login(client, make_user)
    assert "Ingen kanal er i krisemodus." in client.get("/reports/crisis/").content.decode()
