from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from somevakt.inbox.models import Item
from somevakt.organisation.permissions import Action, Actor, require
from somevakt.sources.models import Channel, ChannelMember, MemberRole


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
    return Channel.objects.select_related("unit").annotate(
        admin_count=Count("members", filter=Q(members__role=MemberRole.ADMIN)),
        member_count=Count("members", filter=Q(members__role=MemberRole.MEMBER)),
        item_count=Coalesce(Subquery(items), 0),
    )


def channel_get(*, actor: Actor, slug: str) -> Channel:
    return channel_list(actor=actor).get(slug=slug)


def channel_members(*, channel: Channel) -> QuerySet[ChannelMember]:
    return channel.members.select_related("user").order_by("role", "person_name")
