import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.forms.models import model_to_dict

from somevakt.audit.services import audit_record
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
    return channel_save(actor=actor, channel=channel)


@transaction.atomic
def channel_save(*, actor: Actor, channel: Channel) -> Channel:
    """Validate and store a new or changed channel (the admin's forms come here too)."""
    require(actor, Action.MANAGE_CHANNELS)
    channel.full_clean()
    action = "channel.registered" if channel._state.adding else "channel.changed"
    channel.save()
    audit_record(actor=actor, action=action, target=channel, data=model_to_dict(channel))
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
    member = ChannelMember(
        channel=channel,
        role=role,
        user=user,
        person_name=person_name or (user.get_full_name() or user.get_username() if user else ""),
        platform_person_id=platform_person_id,
        is_employee=bool(is_employee),  # clean() makes every somevakt user an employee
        since=since,
    )
    return channel_member_save(actor=actor, member=member)


@transaction.atomic
def channel_member_save(*, actor: Actor, member: ChannelMember) -> ChannelMember:
    """Validate and store an admin or member.

    Memberships are ended with `until`, never deleted: the history answers who could see
    a closed or secret group when (G2, S1).
    """
    require(actor, Action.MANAGE_CHANNELS)
    member.full_clean()
    action = "channel.member_added" if member._state.adding else "channel.member_changed"
    member.save()
    audit_record(actor=actor, action=action, target=member, data=model_to_dict(member))
    return member
