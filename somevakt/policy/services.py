from pathlib import Path

from django.db import transaction
from django.utils import timezone

from somevakt.organisation.permissions import Action, Actor, require
from somevakt.policy.loader import load_policy_file
from somevakt.policy.models import PolicyVersion


def policy_load(*, path: Path | str, actor: Actor) -> PolicyVersion:
    """Validate a policy file, store it once per distinct content, and put it in force.

    Raises PolicyError before anything is stored if the file is not valid.
    """
    require(actor, Action.LOAD_POLICY)
    loaded = load_policy_file(path)
    with transaction.atomic():
        version, _ = PolicyVersion.objects.get_or_create(
            sha256=loaded.sha256,
            defaults={
                "name": loaded.policy.policy.name,
                "source_name": loaded.path.name,
                "source_text": loaded.text,
                "document": loaded.policy.model_dump(mode="json"),
                "activated_at": timezone.now(),
                "loaded_by": actor if actor is not None and actor.is_authenticated else None,
            },
        )
        if version != PolicyVersion.objects.order_by("-activated_at").first():
            version.activated_at = timezone.now()
            version.save(update_fields=["activated_at"])
    return version
