from django.db import transaction

from somevakt.audit.services import audit_record
from somevakt.governance.models import SecretGroupRegistration
from somevakt.organisation.permissions import Action, Actor, require, user_of
from somevakt.sources.models import Channel, ChannelType


@transaction.atomic
def secret_group_register(
    *, actor: Actor, channel: Channel, purpose: str
) -> SecretGroupRegistration:
    """Put a secret group in the informasjonsansvarlig's overview (S2). Audited."""
    require(actor, Action.REGISTER_SECRET_GROUP)
    if channel.channel_type != ChannelType.SECRET_GROUP:
        raise ValueError(
            f"{channel.name} is a {channel.get_channel_type_display()}, not a secret group. "
            "Fix: only secret groups are registered in the overview (S2)"
        )
    purpose = purpose.strip()
    if not purpose:
        raise ValueError("the registration needs a purpose. Fix: write what the group is for")
    registration, _ = SecretGroupRegistration.objects.update_or_create(
        channel=channel,
        defaults={
            "purpose": purpose,
            "registered_by": user_of(actor),
        },
    )
    audit_record(
        actor=actor,
        action="governance.secret_group_registered",
        target=registration,
        data={"channel": channel.slug, "purpose": purpose},
    )
    return registration
