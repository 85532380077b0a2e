from pathlib import Path

from django.db import transaction
from django.utils import timezone

from somevakt.audit.services import audit_record
from somevakt.organisation.permissions import Action, Actor, require, user_of
from somevakt.policy.loader import LoadedPolicy, PolicyError, load_policy_file
from somevakt.policy.models import PolicyVersion
from somevakt.policy.selectors import policy_in_force_or_none


def policy_load(*, path: Path | str, actor: Actor) -> PolicyVersion:
    """Validate a policy file, store it once per distinct content, and put it in force (D9).

    The file is validated completely before the transaction starts: a file with any
    problem raises PolicyError and leaves nothing stored. Loading a version that was in
    force before puts it back in force; loading the version in force changes nothing.
    """
    require(actor, Action.LOAD_POLICY)
    loaded = load_policy_file(path)
    with transaction.atomic():
        _refuse_changed_guidelines_under_old_version(loaded)
        version, created = PolicyVersion.objects.get_or_create(
            sha256=loaded.sha256,
            defaults={
                "name": loaded.name,
                "source_name": loaded.path.name,
                "source_text": loaded.text,
                "document": loaded.policy.model_dump(mode="json"),
                "activated_at": timezone.now(),
                "loaded_by": user_of(actor),
            },
        )
        if created:
            audit_record(
                actor=actor, action="policy.loaded", target=version, policy_version=version
            )
        elif policy_in_force_or_none() != version:
            version.activated_at = timezone.now()
            version.save(update_fields=["activated_at"])
            audit_record(
                actor=actor, action="policy.reinstated", target=version, policy_version=version
            )
    return version


def _refuse_changed_guidelines_under_old_version(loaded: LoadedPolicy) -> None:
    """Employees acknowledge a version of the guidelines (P1–P10): its words never change
    under the same version, so an acknowledgement always means the text it was given for."""
    guidelines = loaded.policy.guidelines
    for stored in PolicyVersion.objects.exclude(sha256=loaded.sha256).order_by("loaded_at"):
        earlier = stored.policy
        if (
            earlier.guidelines.version == guidelines.version
            and earlier.guidelines_digest != loaded.policy.guidelines_digest
        ):
            raise PolicyError(
                [
                    f"{loaded.path}: guidelines.version: the words of the guidelines "
                    f"({', '.join(guidelines.items)}) differ from those of version "
                    f'"{guidelines.version}" in {stored.source_name} loaded '
                    f"{stored.loaded_at:%Y-%m-%d}. Fix: give the changed guidelines a new "
                    'version, e.g. version = "'
                    f'{guidelines.version}-2", so that every employee acknowledges them again.'
                ]
            )
