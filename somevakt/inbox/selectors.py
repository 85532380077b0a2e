from django.db.models import Prefetch, QuerySet

from somevakt.inbox.models import Item, Thread
from somevakt.organisation.permissions import Action, Actor, require
from somevakt.sources.selectors import channels_visible_to
from somevakt.triage.models import ItemScreening

# The current screening of each item with its findings, as `item.screening_now` (a list).
CURRENT_SCREENING = Prefetch(
    "screenings",
    queryset=ItemScreening.objects.filter(is_current=True)
    .select_related("policy_version")
    .defer("policy_version__document", "policy_version__source_text")
    .prefetch_related("findings"),
    to_attr="screening_now",
)


def item_list(
    *, actor: Actor, channel_slug: str | None = None, needs_moderation: bool = False
) -> QuerySet[Item]:
    """Newest first, with what the inbox list shows, in a constant number of queries."""
    require(actor, Action.VIEW_INBOX)
    items = (
        Item.objects.filter(channel__in=channels_visible_to(actor))
        .select_related("channel", "author", "thread")
        .prefetch_related(CURRENT_SCREENING)
        .order_by("-received_at", "-id")
    )
    if channel_slug:
        items = items.filter(channel__slug=channel_slug)
    if needs_moderation:
        items = items.filter(screenings__is_current=True, screenings__needs_moderation=True)
    return items


def thread_get(*, actor: Actor, thread_id: int) -> Thread:
    """A thread with its items in platform order, each with its versions."""
    require(actor, Action.VIEW_INBOX)
    items = (
        Item.objects.select_related("author", "parent", "channel", "case")
        .prefetch_related("versions", CURRENT_SCREENING)
        .order_by("published_at", "id")
    )
    return (
        Thread.objects.filter(channel__in=channels_visible_to(actor))
        .select_related("channel", "channel__unit")
        .prefetch_related(Prefetch("items", queryset=items))
        .get(pk=thread_id)
    )


def thread_tree(thread: Thread) -> list[tuple[Item, int]]:
    """The items of a thread in reading order, each with its depth under the post."""
    children: dict[int | None, list[Item]] = {}
    for item in thread.items.all():
        children.setdefault(item.parent_id, []).append(item)
    ordered: list[tuple[Item, int]] = []

    def visit(parent_id: int | None, depth: int) -> None:
        for child in children.get(parent_id, []):
            ordered.append((child, depth))
            visit(child.pk, depth + 1)

    visit(None, 0)
    return ordered
