from django.contrib.auth.models import User
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from somevakt.inbox.models import Item
from somevakt.organisation.models import Role
from somevakt.organisation.permissions import Action, Actor, has_role, require, user_of
from somevakt.sources.models import (
    Channel,
    ChannelMember,
    ChannelType,
    MemberRole,
    current_membership,
)


def channels_visible_to(actor: Actor) -> QuerySet[Channel]:
    """Every channel, except secret groups the actor is not a member of (S1, S2).

    The informasjonsansvarlig keeps the overview of every secret group (S2), and so does
    the operator at the command line.
    """
    channels = Channel.objects.all()
    if actor is None or has_role(actor, Role.INFORMASJONSANSVARLIG):
        return channels
    user = user_of(actor)
    if user is None:  # not logged in: a member of nothing
        return channels.exclude(channel_type=ChannelType.SECRET_GROUP)
    today = timezone.localdate()
    member_of = ChannelMember.objects.filter(current_membership(today), user=user).values("channel")
    return channels.exclude(Q(channel_type=ChannelType.SECRET_GROUP) & ~Q(pk__in=member_of))


def channel_list(*, actor: Actor) -> QuerySet[Channel]:
    """Channels with their unit and counts of admins, members and items."""
    require(actor, Action.VIEW_CHANNELS)
    items = (
        Item.objects.filter(channel=OuterRef("pk"))
        .order_by()
        .values("channel")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        channels_visible_to(actor)
        .select_related("unit")
        .annotate(
            admin_count=Count("members", filter=Q(members__role=MemberRole.ADMIN)),
            member_count=Count("members", filter=Q(members__role=MemberRole.MEMBER)),
            item_count=Coalesce(Subquery(items), 0),
        )
    )


def channel_get(*, actor: Actor, slug: str) -> Channel:
    return channel_list(actor=actor).get(slug=slug)


def channel_members(*, channel: Channel) -> QuerySet[ChannelMember]:
    return channel.members.select_related("user").order_by("role", "person_name")


def channel_admin_users(channel_id: int) -> list[User]:
    """The active users who are administrators of a channel today: whom its reminders go to."""
    today = timezone.localdate()
    return list(
        User.objects.filter(
            current_membership(today, prefix="channel_memberships__"),
            channel_memberships__channel_id=channel_id,
            channel_memberships__role=MemberRole.ADMIN,
            is_active=True,
        ).distinct()
    )
