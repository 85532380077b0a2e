import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from somevakt.audit.models import AppendOnly, AuditEntry
from somevakt.audit.selectors import audit_chain_check, audit_entries_for
from somevakt.audit.services import audit_record, entry_digest
from somevakt.organisation.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def log(admin_user):
    unit = Unit.objects.create(name="Kino")
    for number in range(5):
        audit_record(actor=admin_user, action="test.changed", target=unit, data={"n": number})
    return unit


def _sql(statement: str, *params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_entries_are_numbered_and_chained(log):
    entries = list(AuditEntry.objects.all())
    assert [entry.sequence for entry in entries] == [1, 2, 3, 4, 5]
    assert all(b.previous_hash == a.entry_hash for a, b in zip(entries, entries[1:], strict=False))
    assert entries[0].actor_name == "arne"
    assert list(audit_entries_for(log)) == entries


def test_intact_log_verifies(log, capsys):
    assert audit_chain_check().intact
    call_command("audit", "verify")
    assert "OK: 5 entries, chain intact" in capsys.readouterr().out


def test_row_changed_in_sql_is_reported(log):
    _sql("UPDATE audit_auditentry SET reason = %s WHERE sequence = 3", "changed afterwards")
    check = audit_chain_check()
    assert check.problem.startswith("entry #3 (test.changed")
    assert "was altered" in check.problem
    assert check.entries == 2
    with pytest.raises(CommandError, match="entry #3") as raised:
        call_command("audit", "verify")
    assert raised.value.returncode == 1


def test_data_changed_in_sql_is_reported(log):
    _sql("UPDATE audit_auditentry SET data = %s WHERE sequence = 4", '{"n": 99}')
    assert "entry #4" in audit_chain_check().problem


def test_removed_row_is_reported(log):
    _sql("DELETE FROM audit_auditentry WHERE sequence = 2")
    assert audit_chain_check().problem.startswith("entry #2 is missing")


def test_removed_newest_row_is_reported(log):
    _sql("DELETE FROM audit_auditentry WHERE sequence = 5")
    assert "ends at entry #4 but #5" in audit_chain_check().problem


def test_rehashed_row_still_breaks_the_chain(log):
    # Someone who recomputes the changed row's hash breaks the link to the next row.
    entry = AuditEntry.objects.get(sequence=2)
    entry.reason = "forged"

    _sql(
        "UPDATE audit_auditentry SET reason = %s, entry_hash = %s WHERE sequence = 2",
        "forged",
        entry_digest(entry),
    )
    assert audit_chain_check().problem.startswith("entry #3 does not point")


def test_orm_cannot_change_or_remove_entries(log):
    entry = AuditEntry.objects.first()
    entry.reason = "changed"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        AuditEntry.objects.update(reason="x")
    with pytest.raises(AppendOnly):
        AuditEntry.objects.all().delete()
    assert audit_chain_check().intact


def test_empty_log_verifies():
    check = audit_chain_check()
    assert check.intact and check.entries == 0
