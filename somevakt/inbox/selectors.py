from django.db.models import Prefetch, QuerySet

from somevakt.inbox.models import Item, Thread
from somevakt.organisation.permissions import Action, Actor, require


def item_list(*, actor: Actor, channel_slug: str | None = None) -> QuerySet[Item]:
    """Newest first, with what the inbox list shows, in a constant number of queries."""
    require(actor, Action.VIEW_INBOX)
    items = Item.objects.select_related("channel", "author", "thread").order_by(
        "-received_at", "-id"
    )
    if channel_slug:
        items = items.filter(channel__slug=channel_slug)
    return items


def thread_get(*, actor: Actor, thread_id: int) -> Thread:
    """A thread with its items in platform order, each with its versions."""
    require(actor, Action.VIEW_INBOX)
    items = (
        Item.objects.select_related("author", "parent")
        .prefetch_related("versions")
        .order_by("published_at", "id")
    )
    return (
        Thread.objects.select_related("channel", "channel__unit")
        .prefetch_related(Prefetch("items", queryset=items))
        .get(pk=thread_id)
    )
