from dataclasses import dataclass

from django.db import models
from django.db.models import QuerySet

from somevakt.audit.models import AuditEntry, AuditHead
from somevakt.audit.services import GENESIS_HASH, entry_digest


@dataclass(frozen=True)
class ChainCheck:
    entries: int
    last_hash: str
    problem: str = ""  # the first broken link, in words; empty when the chain is intact

    @property
    def intact(self) -> bool:
        return not self.problem


def audit_chain_check() -> ChainCheck:
    """Walk the whole log in order and report the first entry that does not fit the chain."""
    expected_sequence = 1
    previous_hash = GENESIS_HASH
    count = 0
    for entry in AuditEntry.objects.order_by("sequence").iterator(chunk_size=2000):
        if entry.sequence != expected_sequence:
            return ChainCheck(
                count,
                previous_hash,
                f"entry #{expected_sequence} is missing: after #{expected_sequence - 1} "
                f"comes #{entry.sequence} (a row was removed)",
            )
        if entry.previous_hash != previous_hash:
            return ChainCheck(
                count,
                previous_hash,
                f"entry #{entry.sequence} does not point to the entry before it "
                f"(a row was removed or replaced)",
            )
        if entry_digest(entry) != entry.entry_hash:
            return ChainCheck(
                count,
                previous_hash,
                f"entry #{entry.sequence} ({entry.action}, {entry.recorded_at:%Y-%m-%d %H:%M:%S}) "
                "was altered: its content no longer matches its SHA-256",
            )
        previous_hash = entry.entry_hash
        count += 1
        expected_sequence += 1
    head = AuditHead.objects.filter(pk=1).first()
    head_sequence = head.sequence if head else 0
    if head_sequence != count or (head and head.entry_hash and head.entry_hash != previous_hash):
        return ChainCheck(
            count,
            previous_hash,
            f"the log ends at entry #{count} but #{head_sequence} was the last one written "
            "(the newest rows were removed or replaced)",
        )
    return ChainCheck(count, previous_hash)


def audit_entries_for(target: models.Model) -> QuerySet[AuditEntry]:
    """The history of one object, oldest first."""
    return AuditEntry.objects.filter(
        target_type=target._meta.label_lower, target_id=str(target.pk)
    ).select_related("actor")
