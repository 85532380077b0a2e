import datetime
import hashlib
import json
from typing import Any

from django.contrib.auth.models import User
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from somevakt.audit.models import AuditEntry, AuditHead
from somevakt.organisation.permissions import Actor
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
    if policy_version is None:
        policy_version = policy_in_force_or_none()
    # Stored as JSON would give it back, so that the hash verify recomputes is the same.
    plain_data = json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))
    with transaction.atomic():
        AuditHead.objects.get_or_create(pk=1)
        head = AuditHead.objects.select_for_update().get(pk=1)
        user = actor if isinstance(actor, User) else None
        entry = AuditEntry(
            sequence=head.sequence + 1,
            recorded_at=timezone.now(),
            actor=user,
            actor_name=user.get_username() if user else SYSTEM_ACTOR,
            action=action,
            target_type=target._meta.label_lower,
            target_id=str(target.pk),
            target_label=str(target)[:300],
            reason=reason,
            policy_sha256=policy_version.sha256 if policy_version else "",
            data=plain_data,
            previous_hash=head.entry_hash or GENESIS_HASH,
        )
        entry.entry_hash = entry_digest(entry)
        entry.save()
        head.sequence = entry.sequence
        head.entry_hash = entry.entry_hash
        head.save(update_fields=["sequence", "entry_hash"])
    return entry
