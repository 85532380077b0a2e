import datetime
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from somevakt.audit.models import AuditEntry, AuditHead
from somevakt.core.json import json_ready
from somevakt.organisation.permissions import Actor, user_of
from somevakt.policy.models import PolicyVersion
from somevakt.policy.selectors import policy_in_force_or_none

GENESIS_HASH = "0" * 64
SYSTEM_ACTOR = "system"


def entry_digest(entry: AuditEntry) -> str:
    """The SHA-256 over an entry's content and its predecessor's hash, as verify recomputes it."""
    content = {
        "sequence": entry.sequence,
        "recorded_at": entry.recorded_at.astimezone(datetime.UTC).isoformat(),
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "action": entry.action,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "target_label": entry.target_label,
        "reason": entry.reason,
        "policy_sha256": entry.policy_sha256,
        "data": entry.data,
        "previous_hash": entry.previous_hash,
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class Change:
    """One change to append: what was done to which object, and why."""

    action: str
    target: models.Model
    reason: str = ""
    data: dict[str, Any] | None = None


def audit_record(
    *,
    actor: Actor,
    action: str,
    target: models.Model,
    reason: str = "",
    data: dict[str, Any] | None = None,
    policy_version: PolicyVersion | None = None,
) -> AuditEntry:
    """Append one entry to the chain, in the caller's transaction.

    Call it inside the transaction that makes the change, so that the change and its
    entry are committed together or not at all.
    """
    change = Change(action=action, target=target, reason=reason, data=data)
    return audit_record_many(actor=actor, changes=[change], policy_version=policy_version)[0]


def audit_record_many(
    *, actor: Actor, changes: list[Change], policy_version: PolicyVersion | None = None
) -> list[AuditEntry]:
    """Append several entries under one lock of the chain's head (e.g. a batch of cases)."""
    if policy_version is None:
        policy_version = policy_in_force_or_none()
    user = user_of(actor)
    now = timezone.now()
    with transaction.atomic():
        AuditHead.objects.get_or_create(pk=1)
        head = AuditHead.objects.select_for_update().get(pk=1)
        entries = []
        for change in changes:
            entry = AuditEntry(
                sequence=head.sequence + 1,
                recorded_at=now,
                actor=user,
                actor_name=user.get_username() if user else SYSTEM_ACTOR,
                action=change.action,
                target_type=change.target._meta.label_lower,
                target_id=str(change.target.pk),
                target_label=str(change.target)[:300],
                reason=change.reason,
                policy_sha256=policy_version.sha256 if policy_version else "",
                # Stored as JSON gives it back, so that verify recomputes the same hash.
                data=json_ready(change.data or {}),
                previous_hash=head.entry_hash or GENESIS_HASH,
            )
            entry.entry_hash = entry_digest(entry)
            head.sequence, head.entry_hash = entry.sequence, entry.entry_hash
            entries.append(entry)
        AuditEntry.objects.bulk_create(entries)
        head.save(update_fields=["sequence", "entry_hash"])
    return entries
