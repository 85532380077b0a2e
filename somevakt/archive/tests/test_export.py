"""The demo archive exported as a Noark 5 arkivuttrekk by `manage.py noark5 export`:
every XML valid against the official schemas (shared/schemas/noark5/v5_0), the ADDML
counts and checksums true, every document referenced and matching, the catalogue's code
values only, and the arkivmelding of each journalpost valid against Fiks Arkiv v1."""

import datetime
import hashlib
import uuid

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from lxml import etree

from somevakt.archive.delivery import message_for
from somevakt.archive.models import Journalpost
from somevakt.archive.noark5.tests import support
from somevakt.archive.noark5.tests.test_deposit_export import addml_properties
from somevakt.archive.noark5.validation import ARKIVMELDING, errors
from somevakt.demo.setup import demo_setup
from somevakt.policy.services import policy_load

pytestmark = pytest.mark.django_db

N5 = "{http://www.arkivverket.no/standarder/noark5/arkivstruktur}"
CATALOGUE = {
    "journalposttype": {
        "Inngående dokument",
        "Utgående dokument",
        "Organinternt dokument for oppfølging",
        "Organinternt dokument uten oppfølging",
        "Saksframlegg",
    },
    "journalstatus": {"Arkivert", "Utgår"},
    "saksstatus": {"Avsluttet", "Utgår"},
    "dokumentstatus": {"Dokumentet er ferdigstilt"},
    "korrespondanseparttype": {
        "Avsender",
        "Mottaker",
        "Kopimottaker",
        "Gruppemottaker",
        "Intern avsender",
        "Intern mottaker",
    },
}


def export_the_demo(root):
    """The demo set up as `make setup` does, and exported for its whole period."""
    policy_load(path=django_settings.SOMEVAKT_DEFAULT_POLICY, actor=None)
    demo_setup()
    today = datetime.date.today()
    folder = root / "uttrekk"
    call_command(
        "noark5",
        "export",
        "--from",
        str(today - datetime.timedelta(days=30)),
        "--to",
        str(today + datetime.timedelta(days=1)),
        str(folder),
        "--quiet",
    )
    messages = [message_for(pk) for pk in Journalpost.objects.values_list("pk", flat=True)]
    return folder, Journalpost.objects.count(), messages


def test_an_export_of_the_demo_archive_is_a_valid_noark5_deposit(tmp_path):
    demo_export = export_the_demo(tmp_path)
    for check in (
        check_the_demo_has_journalposter_of_every_unit_confirmed,
        check_every_xml_file_validates_against_the_official_schemas,
        check_addml_counts_and_checksums_match_the_files,
        check_every_document_matches_its_dokumentobjekt_and_none_is_unreferenced,
        check_system_ids_are_unique_uuids_and_code_values_come_from_the_catalogue,
        check_every_arkivmelding_validates_against_fiks_arkiv_v1,
    ):
        check(demo_export)


def check_the_demo_has_journalposter_of_every_unit_confirmed(demo_export):
    _folder, posts, _messages = demo_export
    assert posts >= 3


def check_every_xml_file_validates_against_the_official_schemas(demo_export):
    folder, _posts, _messages = demo_export
    for name, xsd in support.XSD_FOR.items():
        assert errors(folder / name, support.official(support.NOARK5 / xsd)) == [], name


def check_addml_counts_and_checksums_match_the_files(demo_export):
    folder, posts, _messages = demo_export
    checksums, stated = addml_properties(folder / "arkivuttrekk.xml")
    on_disk = {p.name for p in folder.iterdir() if p.is_file()} - {"arkivuttrekk.xml", "addml.xsd"}
    assert set(checksums) == on_disk
    for name, checksum in checksums.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == checksum, name
    for key, value in stated.items():
        file_name, element = key.split("//")
        assert support.count(folder / file_name, element) == value, key
    assert stated["arkivstruktur.xml//registrering"] == posts
    assert stated["loependeJournal.xml//journalregistrering"] == posts


def check_every_document_matches_its_dokumentobjekt_and_none_is_unreferenced(demo_export):
    folder, _posts, _messages = demo_export
    referenced = set()
    for objekt in etree.parse(str(folder / "arkivstruktur.xml")).iter(f"{N5}dokumentobjekt"):
        path = folder / objekt.findtext(f"{N5}referanseDokumentfil")
        data = path.read_bytes()
        assert hashlib.sha256(data).hexdigest() == objekt.findtext(f"{N5}sjekksum")
        assert len(data) == int(objekt.findtext(f"{N5}filstoerrelse"))
        referenced.add(path)
    assert {p for p in (folder / "DOKUMENT").rglob("*") if p.is_file()} == referenced
    assert any(p.suffix == ".pdf" for p in referenced)


def check_system_ids_are_unique_uuids_and_code_values_come_from_the_catalogue(demo_export):
    folder, _posts, _messages = demo_export
    tree = etree.parse(str(folder / "arkivstruktur.xml"))
    ids = [node.text for node in tree.iter(f"{N5}systemID")]
    assert len(ids) == len(set(ids))
    for value in ids:
        uuid.UUID(value)
    for element, allowed in CATALOGUE.items():
        found = {node.text for node in tree.iter(f"{N5}{element}")}
        assert found and found <= allowed, (element, found)
    assert not [n for n in tree.iter() if isinstance(n.tag, str) and n.text == "" and not len(n)]


def check_every_arkivmelding_validates_against_fiks_arkiv_v1(demo_export):
    _folder, posts, messages = demo_export
    assert len(messages) == posts
    for message in messages:
        schema = support.official(support.FIKS_ARKIV / ARKIVMELDING)
        assert errors(message.xml, schema) == []


def test_the_export_refuses_a_folder_that_is_not_empty(policy, tmp_path):
    (tmp_path / "old.txt").write_text("an earlier deposit")
    with pytest.raises(CommandError, match="not an empty folder"):
        call_command(
            "noark5", "export", "--from", "2026-01-01", "--to", "2026-12-31", str(tmp_path)
        )


def test_the_export_names_a_bad_date_and_an_empty_archive(policy, tmp_path):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("noark5", "export", "--from", "1.1.2026", "--to", "2026-12-31", str(tmp_path))
    with pytest.raises(CommandError, match="Nothing has been journaled"):
        call_command(
            "noark5", "export", "--from", "2026-01-01", "--to", "2026-12-31", str(tmp_path)
        )
