import datetime

from django.contrib.auth.models import User
from django.db import transaction

from somevakt.organisation.models import Unit
from somevakt.organisation.permissions import Action, Actor, require
from somevakt.sources.models import Channel, ChannelMember, ChannelType, MemberRole, Platform


@transaction.atomic
def channel_register(
    *,
    actor: Actor,
    name: str,
    slug: str,
    channel_type: ChannelType,
    platform: Platform,
    external_id: str,
    unit: Unit,
    url: str = "",
    description: str = "",
    active_from: datetime.date | None = None,
    is_demo: bool = False,
) -> Channel:
    require(actor, Action.MANAGE_CHANNELS)
    channel = Channel(
        name=name,
        slug=slug,
        channel_type=channel_type,
        platform=platform,
        external_id=external_id,
        unit=unit,
        url=url,
        description=description,
        active_from=active_from,
        is_demo=is_demo,
    )
    channel.full_clean()
    channel.save()
    return channel


@transaction.atomic
def channel_member_add(
    *,
    actor: Actor,
    channel: Channel,
    role: MemberRole,
    since: datetime.date,
    user: User | None = None,
    person_name: str = "",
    platform_person_id: str = "",
    is_employee: bool | None = None,
) -> ChannelMember:
    """Add an admin or member; a somevakt user is always an employee."""
    require(actor, Action.MANAGE_CHANNELS)
    member = ChannelMember(
        channel=channel,
        role=role,
        user=user,
        person_name=person_name or (user.get_full_name() or user.get_username() if user else ""),
        platform_person_id=platform_person_id,
        is_employee=True if user is not None else bool(is_employee),
        since=since,
    )
    member.full_clean()
    member.save()
    return member
