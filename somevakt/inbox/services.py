"""Ingestion: the one way items enter somevakt, whatever their source.

Every event is an idempotent upsert keyed by (platform, external id): replaying an event
changes nothing, an older edit arriving after a newer one is kept as history without
replacing the current text, and a deletion on the platform is recorded without losing
the content.
"""

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from django.db import transaction

from somevakt.inbox.events import EventType, ItemEvent
from somevakt.inbox.models import Author, Item, ItemVersion, Thread
from somevakt.organisation.permissions import Action, Actor, require
from somevakt.sources.models import Channel


class UnknownChannel(ValueError):
    """An event names a channel that is not in the channel registry."""


@dataclass(frozen=True)
class IngestResult:
    item_id: int
    created: bool  # a new item
    new_version: bool  # a version not seen before (new item or edit)
    is_current: bool  # the new version became the item's current text


@dataclass
class IngestSummary:
    events: int = 0
    items_created: int = 0
    versions_added: int = 0
    results: list[IngestResult] = field(default_factory=list)

    def add(self, result: IngestResult) -> None:
        self.events += 1
        self.items_created += result.created
        self.versions_added += result.new_version
        self.results.append(result)


def content_sha256(*, text: str, links: list[str], attachments: list[dict]) -> str:
    payload = json.dumps([text, links, attachments], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class _Lookups:
    """Per-batch caches of rows that many events share."""

    def __init__(self) -> None:
        self.channels: dict[tuple[str, str], Channel] = {}
        self.authors: dict[tuple[str, str], Author] = {}
        self.threads: dict[tuple[str, str], Thread] = {}

    def channel(self, event: ItemEvent) -> Channel:
        key = (event.platform.value, event.channel)
        if key not in self.channels:
            try:
                self.channels[key] = Channel.objects.get(platform=key[0], external_id=key[1])
            except Channel.DoesNotExist:
                raise UnknownChannel(
                    f"no channel with platform '{key[0]}' and id '{key[1]}' is registered; "
                    "add it in the channel registry (admin) or correct the event's 'channel'"
                ) from None
        return self.channels[key]

    def author(self, event: ItemEvent) -> Author | None:
        if event.author is None:
            return None
        key = (event.platform.value, event.author.id)
        author = self.authors.get(key)
        if author is None:
            author, _ = Author.objects.get_or_create(
                platform=key[0],
                platform_author_id=key[1],
                defaults={"display_name": event.author.name, "is_demo": event.is_demo},
            )
            self.authors[key] = author
        if event.author.name and author.display_name != event.author.name:
            author.display_name = event.author.name
            author.save(update_fields=["display_name"])
        return author

    def thread(self, event: ItemEvent, channel: Channel) -> Thread:
        key = (event.platform.value, event.thread_id)
        moment = event.published_at or event.occurred_at
        thread = self.threads.get(key)
        if thread is None:
            thread, created = Thread.objects.get_or_create(
                platform=key[0],
                external_id=key[1],
                defaults={
                    "channel": channel,
                    "started_at": moment,
                    "last_activity_at": moment,
                    "is_demo": event.is_demo,
                },
            )
            self.threads[key] = thread
        # Conditional updates: several workers may touch one thread at once.
        if moment > thread.last_activity_at:
            Thread.objects.filter(pk=thread.pk, last_activity_at__lt=moment).update(
                last_activity_at=moment
            )
            thread.last_activity_at = moment
        if moment < thread.started_at:
            Thread.objects.filter(pk=thread.pk, started_at__gt=moment).update(started_at=moment)
            thread.started_at = moment
        return thread


def _item_for(event: ItemEvent, lookups: _Lookups) -> tuple[Item, bool]:
    channel = lookups.channel(event)
    thread = lookups.thread(event, channel)
    item, created = Item.objects.select_for_update().get_or_create(
        platform=event.platform.value,
        external_id=event.external_id,
        defaults={
            "channel": channel,
            "thread": thread,
            "kind": event.kind.value,
            "parent_external_id": event.parent_external_id or "",
            "parent": _existing_item(event.platform.value, event.parent_external_id),
            "author": lookups.author(event),
            "published_at": event.published_at,
            "is_demo": event.is_demo,
        },
    )
    if created:
        # Children that arrived before this item can now point at it.
        Item.objects.filter(
            platform=item.platform, parent_external_id=item.external_id, parent__isnull=True
        ).update(parent=item)
    elif item.author_id is None and event.author is not None:
        # A deletion seen before the item itself carried no author.
        item.author = lookups.author(event)
        item.published_at = item.published_at or event.published_at
        item.save(update_fields=["author", "published_at"])
    return item, created


def _existing_item(platform: str, external_id: str | None) -> Item | None:
    if not external_id:
        return None
    return Item.objects.filter(platform=platform, external_id=external_id).first()


def _apply_version(item: Item, event: ItemEvent) -> tuple[bool, bool]:
    """Store the event's content as a version; make it current only if it is the newest."""
    links = list(event.links)
    attachments = [attachment.model_dump(exclude_defaults=True) for attachment in event.attachments]
    digest = content_sha256(text=event.text, links=links, attachments=attachments)
    _, created = ItemVersion.objects.get_or_create(
        item=item,
        platform_time=event.occurred_at,
        content_sha256=digest,
        defaults={"text": event.text, "links": links, "attachments": attachments},
    )
    if not created:
        return False, False
    item.version_count += 1
    is_current = item.content_at is None or event.occurred_at >= item.content_at
    fields = ["version_count"]
    if is_current:
        item.text, item.links, item.attachments = event.text, links, attachments
        item.content_at = event.occurred_at
        fields += ["text", "links", "attachments", "content_at"]
    item.save(update_fields=fields)
    return True, is_current


def _apply_visibility(item: Item, event: ItemEvent) -> None:
    if event.event == EventType.DELETE:
        if item.deleted_on_platform_at is None or event.occurred_at < item.deleted_on_platform_at:
            item.deleted_on_platform_at = event.occurred_at
            item.save(update_fields=["deleted_on_platform_at"])
        return
    if item.hidden_state_at is not None and event.occurred_at <= item.hidden_state_at:
        return  # an older hide/unhide than the state we hold
    item.is_hidden_on_platform = event.event == EventType.HIDE
    item.hidden_state_at = event.occurred_at
    item.save(update_fields=["is_hidden_on_platform", "hidden_state_at"])


def _ingest_one(event: ItemEvent, lookups: _Lookups) -> IngestResult:
    with transaction.atomic():
        item, created = _item_for(event, lookups)
        new_version = is_current = False
        if event.event == EventType.UPSERT:
            new_version, is_current = _apply_version(item, event)
        else:
            _apply_visibility(item, event)
    return IngestResult(
        item_id=item.pk, created=created, new_version=new_version, is_current=is_current
    )


def item_ingest(*, event: ItemEvent) -> IngestResult:
    """Upsert one item event for a source the system runs (connector, task).

    Safe to call again with the same event.
    """
    return _ingest_one(event, _Lookups())


def items_ingest(
    *, events: Iterable[ItemEvent], actor: Actor = None, batch_size: int = 500
) -> IngestSummary:
    """Upsert many events, committing in batches; each event is applied exactly as alone."""
    require(actor, Action.IMPORT_ITEMS)
    summary = IngestSummary()
    lookups = _Lookups()
    for batch in _batched(events, batch_size):
        with transaction.atomic():
            for event in batch:
                summary.add(_ingest_one(event, lookups))
    return summary


def _batched(events: Iterable[ItemEvent], size: int) -> Iterator[list[ItemEvent]]:
    iterator = iter(events)
    while batch := list(islice(iterator, size)):
        yield batch
