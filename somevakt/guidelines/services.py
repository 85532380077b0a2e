from django.db import transaction
from django.utils import timezone

from somevakt.audit.services import audit_record
from somevakt.guidelines.models import Acknowledgement
from somevakt.guidelines.selectors import guidelines_in_force
from somevakt.organisation.permissions import Action, Actor, require, user_of


class StaleGuidelines(ValueError):
    """The version acknowledged is no longer the one in force."""


@transaction.atomic
def guidelines_acknowledge(*, actor: Actor, version: str) -> Acknowledgement:
    """The actor has read the guidelines of `version` and will follow them. Audited.

    `version` is the one the employee was shown: if a new version came into force in the
    meantime, nothing is recorded and they are asked to read the new one.
    Acknowledging again changes nothing.
    """
    require(actor, Action.ACKNOWLEDGE_GUIDELINES)
    user = user_of(actor)
    if user is None:
        raise PermissionError("an acknowledgement is personal: log in as the employee")
    guidelines = guidelines_in_force(actor=actor)
    if version != guidelines.version:
        raise StaleGuidelines(
            f'version "{version}" of the guidelines is no longer in force. Fix: read version '
            f'"{guidelines.version}" and acknowledge that one'
        )
    acknowledgement, created = Acknowledgement.objects.get_or_create(
        user=user,
        version=guidelines.version,
        defaults={
            "digest": guidelines.digest,
            "policy_version": guidelines.policy_version,
            "acknowledged_at": timezone.now(),
        },
    )
    if created:
        audit_record(
            actor=actor,
            action="guidelines.acknowledged",
            target=acknowledgement,
            data={"version": guidelines.version, "digest": guidelines.digest},
            policy_version=guidelines.policy_version,
        )
    return acknowledgement
