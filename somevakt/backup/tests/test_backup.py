"""Round trips through a backup file on the database the suite runs on: SQLite by
default, PostgreSQL when DATABASE_URL points at it (as CI runs it)."""

import io
import json
import tarfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from conftest import oslo
from somevakt.audit.models import AuditHead
from somevakt.audit.services import audit_record
from somevakt.backup.services import (
    BackupError,
    _counts,
    backup_restore,
    backup_write,
    model_tables,
)
from somevakt.inbox.models import Item
from somevakt.sources.models import Channel

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _archive_folder(settings, tmp_path):
    settings.SOMEVAKT_ARCHIVE_DIR = tmp_path / "archive"
    (tmp_path / "archive" / "2026").mkdir(parents=True)
    (tmp_path / "archive" / "2026" / "dokument.pdf").write_bytes(b"%PDF-1.7 test")


def _state() -> tuple[dict[str, int], tuple[int, str]]:
    with connection.cursor() as cursor:
        counts = _counts(cursor, model_tables())
    head = AuditHead.objects.get(pk=1)
    return counts, (head.sequence, head.entry_hash)


@pytest.fixture
def content(ingest, informasjonsansvarlig):
    """Items, screenings, cases and audit entries: some rows in most rooms."""
    ingest("100200300_1", oslo(2026, 11, 23, 9, 0), text="Når blir Storgata brøytet?")
    ingest("100200300_2", oslo(2026, 11, 23, 9, 5), text="Du er en idiot, ordfører.")
    audit_record(actor=informasjonsansvarlig, action="test.note", target=Channel.objects.get())


def test_a_round_trip_into_an_emptied_database_gives_every_table_and_the_chain_back(
    content, tmp_path, settings
):
    before = _state()
    backup = tmp_path / "somevakt.backup"
    call_command("backup", str(backup))
    call_command("flush", "--no-input")
    (settings.SOMEVAKT_ARCHIVE_DIR / "2026" / "dokument.pdf").unlink()

    call_command("restore", str(backup))

    assert _state() == before
    assert (
        settings.SOMEVAKT_ARCHIVE_DIR / "2026" / "dokument.pdf"
    ).read_bytes() == b"%PDF-1.7 test"
    call_command("audit", "verify")


def test_a_restore_over_data_needs_force_and_then_replaces_it(content, tmp_path):
    before = _state()
    backup = tmp_path / "somevakt.backup"
    backup_write(path=backup)
    audit_record(actor=None, action="test.after", target=Channel.objects.get())
    Item.objects.filter(external_id="100200300_1").update(text="changed after the backup")

    with pytest.raises(CommandError, match="the target is not empty .*--force"):
        call_command("restore", str(backup))
    backup_restore(path=backup, force=True)

    assert _state() == before
    assert Item.objects.get(external_id="100200300_1").text == "Når blir Storgata brøytet?"


def test_the_manifest_names_versions_counts_head_and_checksums(content, tmp_path):
    manifest = backup_write(path=tmp_path / "b.tar.gz")

    counts, (sequence, entry_hash) = _state()
    assert manifest["counts"] == counts
    assert manifest["audit_head"] == {"sequence": sequence, "entry_hash": entry_hash}
    assert manifest["versions"]["database"] == connection.vendor
    assert set(manifest["parts"]) >= {"archive/2026/dokument.pdf"}
    assert all(len(part["sha256"]) == 64 for part in manifest["parts"].values())


def test_a_damaged_part_is_refused_before_anything_is_touched(content, tmp_path):
    backup = tmp_path / "b.tar.gz"
    backup_write(path=backup)
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(backup) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "archive/2026/dokument.pdf":
                data = b"%PDF-1.7 TEST"
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    before = _state()

    with pytest.raises(BackupError, match="dokument.pdf does not match its SHA-256"):
        backup_restore(path=damaged, force=True)

    assert _state() == before


def test_a_backup_never_overwrites_a_file(tmp_path, db):
    existing = tmp_path / "b.tar.gz"
    existing.write_text("old")

    with pytest.raises(CommandError, match="exists. Fix: give a new file name"):
        call_command("backup", str(existing))
    assert existing.read_text() == "old"


def test_a_file_that_is_no_backup_is_refused_clearly(tmp_path, db):
    other = tmp_path / "notes.txt"
    other.write_text(json.dumps({"hello": 1}))

    with pytest.raises(CommandError, match="is not a somevakt backup"):
        call_command("restore", str(other))
