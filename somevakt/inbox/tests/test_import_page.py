import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import log_in
from somevakt.inbox.models import Item
from somevakt.inbox.tests.test_file_imports import CSV
from somevakt.organisation.models import Role
from somevakt.sources.models import ChannelType, Platform


@pytest.fixture
def meeting_channel(make_channel):
    return make_channel(
        ChannelType.NET_MEETING, Platform.NET_MEETING, external_id="nettmote", slug="nettmote"
    )


def _post(client, data, name="moete.csv", **fields):
    form = {
        "channel": "nettmote",
        "file_format": "net_meeting_csv",
        "meeting": "budsjett-2026",
        "title": "Budsjett",
        "file": SimpleUploadedFile(name, data.encode(), content_type="text/csv"),
    }
    form.update(fields)
    return client.post(reverse("inbox:import"), form)


@pytest.mark.django_db
def test_an_admin_uploads_a_transcript_and_is_told_what_came_in(
    client, admin_user, meeting_channel
):
    log_in(client, admin_user)

    response = _post(client, CSV)

    assert response.status_code == 302
    assert Item.objects.count() == 6
    page = client.get(response["Location"]).content.decode()
    assert "6" in page and "moete.csv" in page


@pytest.mark.django_db
def test_bad_rows_are_listed_and_nothing_is_imported(client, admin_user, meeting_channel):
    log_in(client, admin_user)

    response = _post(client, CSV + "Hei?,Per,i går,,\n")

    assert response.status_code == 400
    assert "moete.csv:row 5: column &#x27;time&#x27;" in response.content.decode()
    assert Item.objects.count() == 0


@pytest.mark.django_db
def test_a_transcript_needs_the_meetings_short_name(client, admin_user, meeting_channel):
    log_in(client, admin_user)

    response = _post(client, CSV, meeting="")

    assert response.status_code == 400 and Item.objects.count() == 0


@pytest.mark.django_db
def test_the_service_desk_may_not_import(client, make_user, meeting_channel):
    log_in(client, make_user(Role.SERVICEKONTOR))

    assert client.get(reverse("inbox:import")).status_code == 403
    assert _post(client, CSV).status_code == 403


@pytest.mark.django_db
def test_only_net_meetings_and_groups_are_offered(client, admin_user, meeting_channel, main_page):
    log_in(client, admin_user)

    page = client.get(reverse("inbox:import")).content.decode()

    assert 'value="nettmote"' in page and 'value="' + main_page.slug + '"' not in page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_import_page_in_a_browser(page, axe_violations, make_user, meeting_channel):
    log_in(page, make_user(Role.INFORMASJONSANSVARLIG, username="ingrid"))
    page.locator(f"a[href='{reverse('inbox:import')}']").click()
    page.locator("#id_file").wait_for()
    assert axe_violations(page) == []

    page.locator("#id_meeting").fill("budsjett-2026")
    bad = CSV + "Hei?,Per,i går,,\n"
    page.locator("#id_file").set_input_files(
        files=[{"name": "moete.csv", "mimeType": "text/csv", "buffer": bad.encode()}]
    )
    page.locator("form.stacked button[type=submit]").click()
    page.locator("[role=alert]").wait_for()
    assert "moete.csv:row 5" in page.locator("[role=alert]").inner_text()
    assert axe_violations(page) == []

    page.locator("#id_meeting").fill("budsjett-2026")
    page.locator("#id_file").set_input_files(
        files=[{"name": "moete.csv", "mimeType": "text/csv", "buffer": CSV.encode()}]
    )
    page.locator("form.stacked button[type=submit]").click()
    page.locator(".messages").wait_for()
    assert Item.objects.count() == 6
    assert axe_violations(page) == []
