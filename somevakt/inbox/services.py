"""Ingestion: the one way items enter somevakt, whatever their source.

Every event is an idempotent upsert keyed by (platform, external id): replaying an event
changes nothing, an older edit arriving after a newer one is kept as history without
replacing the current text, and a deletion on the platform is recorded without losing
the content.

Events are applied in batches with a fixed number of queries per batch; the outcome is
the same as applying them one by one in order (the tests hold it to that).
"""

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import reduce
from itertools import islice
from operator import or_
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.db.models import Case, Q, Value, When
from django.db.models.functions import Greatest, Least

from somevakt.audit.services import audit_record
from somevakt.deadlines.services import questions_clock
from somevakt.inbox.events import EventType, ItemEvent
from somevakt.inbox.imports import (
    FileFormat,
    ImportFileError,
    Meeting,
    group_post_events,
    net_meeting_events,
    net_meeting_rows,
)
from somevakt.inbox.models import Author, Item, ItemVersion, Thread
from somevakt.moderation.services import cases_open_for_screenings
from somevakt.organisation.permissions import Action, Actor, require
from somevakt.sources.models import Channel, ChannelMember
from somevakt.sources.selectors import channels_visible_to
from somevakt.triage.services import versions_screen

Key = tuple[str, str]  # (platform, id on the platform)
M = TypeVar("M", bound=models.Model)


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


def item_ingest(*, event: ItemEvent) -> IngestResult:
    """Upsert one item event for a source the system runs (connector, task).

    Safe to call again with the same event.
    """
    return _ingest_batch([event], _ChannelCache())[0]


def items_ingest(
    *, events: Iterable[ItemEvent], actor: Actor = None, batch_size: int = 500
) -> IngestSummary:
    """Upsert many events, one transaction per batch; a failing batch is not applied."""
    require(actor, Action.IMPORT_ITEMS)
    summary = IngestSummary()
    channels = _ChannelCache()
    for batch in _batched(events, batch_size):
        for result in _ingest_batch(batch, channels):
            summary.add(result)
    return summary


def _batched(events: Iterable[ItemEvent], size: int) -> Iterator[list[ItemEvent]]:
    iterator = iter(events)
    while batch := list(islice(iterator, size)):
        yield batch


class _ChannelCache(dict[Key, Channel]):
    def get_for(self, event: ItemEvent) -> Channel:
        key = (event.platform.value, event.channel)
        if key not in self:
            try:
                self[key] = Channel.objects.get(platform=key[0], external_id=key[1])
            except Channel.DoesNotExist:
                raise UnknownChannel(
                    f"no channel with platform '{key[0]}' and id '{key[1]}' is registered; "
                    "add it in the channel registry (admin) or correct the event's 'channel'"
                ) from None
        return self[key]


def _keyed(model: type[models.Model], id_field: str, keys: Iterable[Key]) -> Q:
    """Q for rows whose (platform, id_field) is one of `keys`, one IN per platform."""
    by_platform: dict[str, set[str]] = defaultdict(set)
    for platform, external_id in keys:
        by_platform[platform].add(external_id)
    return reduce(
        or_, (Q(platform=p, **{f"{id_field}__in": ids}) for p, ids in by_platform.items())
    )


def _fetch_or_create(
    model: type[M], id_field: str, wanted: dict[Key, dict], lock: bool = False
) -> tuple[dict[Key, M], set[Key]]:
    """Rows for every key and the keys that were missing, inserting those.

    A concurrent insert of the same key is fine: the insert ignores the conflict and the
    row is read back.
    """
    if not wanted:
        return {}, set()
    queryset = model._default_manager.select_for_update() if lock else model._default_manager
    query = _keyed(model, id_field, wanted)
    rows = {_key_of(row, id_field): row for row in queryset.filter(query)}
    missing = {key for key in wanted if key not in rows}
    if missing:
        model._default_manager.bulk_create(
            [model(platform=key[0], **{id_field: key[1]}, **wanted[key]) for key in missing],
            ignore_conflicts=True,
        )
        query = _keyed(model, id_field, missing)
        rows |= {_key_of(row, id_field): row for row in queryset.filter(query)}
    return rows, missing


def _key_of(row: models.Model, id_field: str) -> Key:
    return (getattr(row, "platform"), getattr(row, id_field))  # noqa: B009


def _authors(events: list[ItemEvent]) -> dict[Key, Author]:
    names: dict[Key, tuple[str, bool]] = {}
    for event in events:
        if event.author is not None:
            key = (event.platform.value, event.author.id)
            previous = names.get(key, ("", event.is_demo))[0]
            names[key] = (event.author.name or previous, event.is_demo)
    authors, _ = _fetch_or_create(
        Author,
        "platform_author_id",
        {key: {"display_name": name, "is_demo": demo} for key, (name, demo) in names.items()},
    )
    renamed = []
    for key, (name, _) in names.items():
        author = authors[key]
        if name and author.display_name != name:
            author.display_name = name
            renamed.append(author)
    Author.objects.bulk_update(renamed, ["display_name"])
    return authors


def _threads(events: list[ItemEvent], channels: _ChannelCache) -> dict[Key, Thread]:
    spans: dict[Key, tuple[datetime, datetime, ItemEvent]] = {}
    for event in events:
        key = (event.platform.value, event.thread_id)
        moment = event.published_at or event.occurred_at
        first, last, origin = spans.get(key, (moment, moment, event))
        spans[key] = (min(first, moment), max(last, moment), origin)
    threads, _ = _fetch_or_create(
        Thread,
        "external_id",
        {
            key: {
                "channel": channels.get_for(origin),
                "started_at": first,
                "last_activity_at": last,
                "is_demo": origin.is_demo,
            }
            for key, (first, last, origin) in spans.items()
        },
    )
    # One conditional UPDATE for all threads: several workers may touch one thread.
    widened = {
        threads[key].pk: (first, last)
        for key, (first, last, _) in spans.items()
        if first < threads[key].started_at or last > threads[key].last_activity_at
    }
    if widened:
        firsts = [When(pk=pk, then=Value(first)) for pk, (first, _) in widened.items()]
        lasts = [When(pk=pk, then=Value(last)) for pk, (_, last) in widened.items()]
        moment_field = models.DateTimeField()
        Thread.objects.filter(pk__in=widened).update(
            started_at=Least("started_at", Case(*firsts, output_field=moment_field)),
            last_activity_at=Greatest("last_activity_at", Case(*lasts, output_field=moment_field)),
        )
    return threads


@dataclass
class _Content:
    text: str
    links: list[str]
    attachments: list[dict]
    digest: str

    @classmethod
    def of(cls, event: ItemEvent) -> "_Content":
        links = list(event.links)
        attachments = [a.model_dump(exclude_defaults=True) for a in event.attachments]
        digest = content_sha256(text=event.text, links=links, attachments=attachments)
        return cls(event.text, links, attachments, digest)

    def version_at(self, moment: datetime) -> ItemVersion:
        return ItemVersion(
            text=self.text,
            links=self.links,
            attachments=self.attachments,
            platform_time=moment,
            content_sha256=self.digest,
        )


def _ingest_batch(events: list[ItemEvent], channels: _ChannelCache) -> list[IngestResult]:
    """Apply a batch, retrying if another worker inserted one of its items meanwhile."""
    for _ in range(2):
        try:
            with transaction.atomic():
                return _apply_batch(events, channels)
        except IntegrityError:
            continue  # read the rows the other worker inserted, then apply again
    with transaction.atomic():
        return _apply_batch(events, channels)


def _apply_batch(events: list[ItemEvent], channels: _ChannelCache) -> list[IngestResult]:
    for event in events:
        channels.get_for(event)
    authors = _authors(events)
    threads = _threads(events, channels)

    def author_of(event: ItemEvent) -> Author | None:
        return authors[(event.platform.value, event.author.id)] if event.author else None

    keys = {(event.platform.value, event.external_id) for event in events}
    items: dict[Key, Item] = {
        (item.platform, item.external_id): item
        for item in Item.objects.select_for_update().filter(_keyed(Item, "external_id", keys))
    }
    existing = set(items)
    for event in events:  # the first event of a new item decides how it starts
        key = (event.platform.value, event.external_id)
        if key not in items:
            items[key] = Item(
                platform=key[0],
                external_id=key[1],
                channel=channels.get_for(event),
                thread=threads[(event.platform.value, event.thread_id)],
                kind=event.kind.value,
                parent_external_id=event.parent_external_id or "",
                author=author_of(event),
                published_at=event.published_at,
                is_demo=event.is_demo,
            )

    known_versions = set(
        ItemVersion.objects.filter(item__in=[items[key].pk for key in existing]).values_list(
            "item__platform", "item__external_id", "platform_time", "content_sha256"
        )
    )
    new_versions: list[tuple[Key, ItemVersion]] = []
    changed_fields: dict[Key, set[str]] = defaultdict(set)
    outcomes = []
    for event in events:
        key = (event.platform.value, event.external_id)
        item, changed = items[key], changed_fields[key]
        if item.author_id is None and event.author is not None:
            # A deletion seen before the item itself carried no author.
            item.author = author_of(event)
            item.published_at = item.published_at or event.published_at
            changed |= {"author", "published_at"}
        new_version = is_current = False
        if event.event == EventType.UPSERT:
            content = _Content.of(event)
            version_key = (*key, event.occurred_at, content.digest)
            if version_key not in known_versions:
                known_versions.add(version_key)
                new_version = True
                new_versions.append((key, content.version_at(event.occurred_at)))
                item.version_count += 1
                is_current = item.content_at is None or event.occurred_at >= item.content_at
                changed.add("version_count")
                if is_current:
                    item.text, item.links = content.text, content.links
                    item.attachments, item.content_at = content.attachments, event.occurred_at
                    changed |= {"text", "links", "attachments", "content_at"}
        else:
            changed |= _apply_visibility(item, event)
        outcomes.append((key, new_version, is_current))

    created = keys - existing
    _insert_new_items(items, created)
    for key in existing:
        if changed_fields[key]:
            items[key].save(update_fields=sorted(changed_fields[key]))
    for key, version in new_versions:
        version.item = items[key]
    stored_versions = ItemVersion.objects.bulk_create([version for _, version in new_versions])
    cases_open_for_screenings(screenings=versions_screen(versions=stored_versions))
    # O5, L2, K1: questions start their answer clock, staff answers stop it.
    questions_clock(item_ids=[item.pk for item in items.values()])

    results = []
    for key, new_version, is_current in outcomes:
        results.append(IngestResult(items[key].pk, key in created, new_version, is_current))
        created.discard(key)  # only the item's first event created it
    return results


def _insert_new_items(items: dict[Key, Item], created: set[Key]) -> None:
    """Insert new items complete, parents before children, and adopt waiting children."""
    if not created:
        return
    wanted_parents = {
        (key[0], items[key].parent_external_id) for key in created if items[key].parent_external_id
    }
    outside = {key for key in wanted_parents if key not in items}
    if outside:
        for parent in Item.objects.filter(_keyed(Item, "external_id", outside)).only(
            "id", "platform", "external_id"
        ):
            items[(parent.platform, parent.external_id)] = parent
    pending = set(created)
    while pending:  # one insert per generation: posts, then comments, then replies
        ready = [key for key in pending if (key[0], items[key].parent_external_id) not in pending]
        for key in ready:
            found = items.get((key[0], items[key].parent_external_id))
            items[key].parent_id = found.pk if found is not None else None
        Item.objects.bulk_create([items[key] for key in ready])
        pending.difference_update(ready)

    # Children that arrived in earlier batches, before their parent.
    waiting = Item.objects.filter(
        _keyed(Item, "parent_external_id", created), parent__isnull=True
    ).values_list("pk", "platform", "parent_external_id")
    adopted = {child: items[(platform, parent)].pk for child, platform, parent in waiting}
    if adopted:
        whens = [When(pk=child, then=Value(parent)) for child, parent in adopted.items()]
        Item.objects.filter(pk__in=adopted).update(
            parent_id=Case(*whens, output_field=models.BigIntegerField())
        )


def _apply_visibility(item: Item, event: ItemEvent) -> set[str]:
    if event.event == EventType.DELETE:
        if item.deleted_on_platform_at is None or event.occurred_at < item.deleted_on_platform_at:
            item.deleted_on_platform_at = event.occurred_at
            return {"deleted_on_platform_at"}
        return set()
    if item.hidden_state_at is not None and event.occurred_at <= item.hidden_state_at:
        return set()  # an older hide/unhide than the state we hold
    item.is_hidden_on_platform = event.event == EventType.HIDE
    item.hidden_state_at = event.occurred_at
    return {"is_hidden_on_platform", "hidden_state_at"}


# --- file imports: net meetings (A3) and groups ----------------------------------------


@dataclass(frozen=True)
class FileImportSummary:
    events: int
    items_created: int
    versions_added: int
    thread_external_id: str = ""


def file_import(
    *,
    actor: Actor,
    channel: Channel,
    file_format: str,
    data: bytes,
    file_name: str,
    meeting: str = "",
    title: str = "",
) -> FileImportSummary:
    """Import a net meeting transcript (A3) or a group's posts into `channel`, whole or
    not at all; raises ImportFileError listing every bad row, or PermissionDenied."""
    require(actor, Action.IMPORT_ITEMS)
    if not channels_visible_to(actor).filter(pk=channel.pk).exists():
        raise PermissionDenied("Only members of a secret group may import into it (S1).")
    try:
        kind = FileFormat(file_format)
    except ValueError:
        choices = ", ".join(f.value for f in FileFormat)
        raise ImportFileError([f"unknown format '{file_format}'; use one of {choices}"]) from None
    thread = ""
    if kind == FileFormat.GROUP_POSTS:
        events = group_post_events(data=data, name=file_name, channel=channel)
    else:
        answerers = {
            name.casefold(): person_id
            for name, person_id in ChannelMember.objects.filter(channel=channel, is_employee=True)
            .exclude(platform_person_id="")
            .values_list("person_name", "platform_person_id")
        }
        about = Meeting(short_name=meeting, title=title)
        rows = net_meeting_rows(data, file_name, kind)
        events = net_meeting_events(rows=rows, channel=channel, meeting=about, answerers=answerers)
        thread = about.external_id
    with transaction.atomic():  # the whole file or nothing
        summary = items_ingest(events=events, actor=actor)
        audit_record(
            actor=actor,
            action="inbox.file_imported",
            target=channel,
            data={
                "format": kind.value,
                "file": file_name,
                "events": summary.events,
                "items_created": summary.items_created,
                "versions_added": summary.versions_added,
            },
        )
    return FileImportSummary(summary.events, summary.items_created, summary.versions_added, thread)
