import datetime
import io
import json

import pypdf
import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from conftest import log_in, oslo
from somevakt.audit.models import AuditEntry
from somevakt.audit.selectors import audit_chain_check
from somevakt.inbox.models import Author
from somevakt.moderation.models import ModerationCase, Strike
from somevakt.privacy.export import export_pdf
from somevakt.privacy.services import author_export

pytestmark = pytest.mark.django_db


@pytest.fixture
def kari(ingest):
    """Kari wrote a question, edited it, and an insult that was moderated and struck."""
    asked = oslo(2026, 11, 23, 9, 0)
    ingest("100200300_1", asked, text="Når blir Storgata brøytet?")
    ingest(
        "100200300_1",
        asked + datetime.timedelta(minutes=5),
        text="Når blir Storgata brøytet i dag?",
    )
    insult = ingest("100200300_2", oslo(2026, 11, 23, 10, 0), text="Du er en idiot, ordfører.")
    case = ModerationCase.objects.get(item_id=insult.item_id)
    author = Author.objects.get(platform_author_id="u1")
    Strike.objects.create(author=author, case=case, rules=["D5"])
    return author


def test_the_json_holds_every_version_finding_case_and_strike(kari, informasjonsansvarlig):
    data = author_export(actor=informasjonsansvarlig, authors=[kari], export_format="json")

    assert data["authors"] == [
        {
            "platform": "facebook",
            "id_on_platform": "u1",
            "name": "Kari Nordmann",
            "first_seen_at": kari.first_seen_at,
        }
    ]
    question, insult = data["items"]
    assert [v["text"] for v in question["versions"]] == [
        "Når blir Storgata brøytet?",
        "Når blir Storgata brøytet i dag?",
    ]
    assert question["text"] == "Når blir Storgata brøytet i dag?"
    assert question["question"]["asked_at"] is not None
    assert insult["moderation_case"]["state"] == "open"
    assert "D5" in {f["rule"] for s in insult["screenings"] for f in s["findings"]}
    assert data["strikes"][0]["rules"] == ["D5"]
    json.loads(json.dumps(data, default=str))  # machine-readable as a whole


def test_who_exported_whose_data_is_in_the_audit_trail(kari, informasjonsansvarlig):
    author_export(actor=informasjonsansvarlig, authors=[kari], export_format="pdf")

    entry = AuditEntry.objects.get(action="privacy.export")
    assert entry.actor == informasjonsansvarlig
    assert (entry.target_type, entry.target_id) == ("inbox.author", str(kari.pk))
    assert entry.data == {"format": "pdf", "items": 2}
    assert audit_chain_check().intact


def test_only_the_informasjonsansvarlig_may_export(kari, admin_user):
    with pytest.raises(PermissionDenied):
        author_export(actor=admin_user, authors=[kari], export_format="json")
    assert not AuditEntry.objects.filter(action="privacy.export").exists()


def test_the_pdf_is_set_in_dejavu_sans_and_holds_the_text(kari, informasjonsansvarlig):
    data = author_export(actor=informasjonsansvarlig, authors=[kari], export_format="pdf")

    reader = pypdf.PdfReader(io.BytesIO(export_pdf(data)))

    fonts = {
        font.get_object()["/BaseFont"].split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts <= {"DejaVu-Sans", "DejaVu-Sans-Bold"}
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Kari Nordmann" in text and "Storgata brøytet i dag?" in text


def test_the_page_finds_an_author_and_downloads_the_json(client, kari, informasjonsansvarlig):
    log_in(client, informasjonsansvarlig)

    page = client.get("/privacy/", {"q": "Nordmann"})
    download = client.post("/privacy/export/", {"author": [kari.pk], "format": "json"})

    assert page.status_code == 200 and "Kari Nordmann" in page.content.decode()
    assert download["Content-Disposition"] == 'attachment; filename="innsyn-facebook-u1.json"'
    assert json.loads(download.content)["authors"][0]["name"] == "Kari Nordmann"


def test_the_page_is_closed_to_other_roles(client, kari, admin_user):
    log_in(client, admin_user)

    assert client.get("/privacy/", {"q": "Kari"}).status_code == 403
    assert (
        client.post("/privacy/export/", {"author": [kari.pk], "format": "json"}).status_code == 403
    )


def test_a_download_without_a_chosen_author_goes_back_with_a_message(client, informasjonsansvarlig):
    log_in(client, informasjonsansvarlig)

    response = client.post("/privacy/export/", {"format": "json"})

    assert response.status_code == 302
    assert not AuditEntry.objects.filter(action="privacy.export").exists()


def test_the_command_writes_the_export_and_names_a_wrong_author(kari, tmp_path):
    output = tmp_path / "kari.json"

    call_command("author-export", "facebook:u1", "--output", str(output))

    assert json.loads(output.read_text())["authors"][0]["id_on_platform"] == "u1"
    with pytest.raises(Exception, match="facebook:nobody: no author with that platform and id"):
        call_command("author-export", "facebook:nobody")
