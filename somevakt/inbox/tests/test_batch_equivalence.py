"""Ingesting in batches gives the same items, versions and results as one by one."""

import datetime
import random

import pytest

from conftest import T0
from somevakt.inbox.events import ItemEvent
from somevakt.inbox.models import Author, Item, ItemVersion, Thread
from somevakt.inbox.services import item_ingest, items_ingest

pytestmark = pytest.mark.django_db


def _random_events(seed: int, count: int = 150) -> list[ItemEvent]:
    rng = random.Random(seed)
    events = []
    for _ in range(count):
        post = rng.randrange(4)
        number = rng.randrange(12)
        kind = "post" if number == 0 else rng.choice(["comment", "reply"])
        external_id = f"p{post}" if kind == "post" else f"p{post}_c{number}"
        parent = None if kind == "post" else (f"p{post}" if kind == "comment" else f"p{post}_c1")
        if parent == external_id:
            parent = f"p{post}"
        events.append(
            ItemEvent.model_validate(
                {
                    "platform": "facebook",
                    "channel": "100200300",
                    "external_id": external_id,
                    "kind": kind,
                    "event": rng.choice(["upsert"] * 6 + ["delete", "hide", "unhide"]),
                    "thread_external_id": None if kind == "post" else f"p{post}",
                    "parent_external_id": parent,
                    "author": rng.choice([None, {"id": f"a{rng.randrange(5)}", "name": "N"}]),
                    "text": f"tekst {rng.randrange(3)}",
                    "occurred_at": T0 + datetime.timedelta(minutes=rng.randrange(30)),
                }
            )
        )
    return events


def _state():
    items = sorted(
        Item.objects.values_list(
            "external_id",
            "kind",
            "parent__external_id",
            "thread__external_id",
            "author__platform_author_id",
            "text",
            "content_at",
            "version_count",
            "is_hidden_on_platform",
            "deleted_on_platform_at",
        )
    )
    versions = sorted(
        ItemVersion.objects.values_list("item__external_id", "platform_time", "content_sha256")
    )
    threads = sorted(Thread.objects.values_list("external_id", "started_at", "last_activity_at"))
    return items, versions, threads, Author.objects.count()


def _clear():
    ItemVersion.objects.all().delete()
    Item.objects.update(parent=None)
    Item.objects.all().delete()
    Thread.objects.all().delete()
    Author.objects.all().delete()


@pytest.mark.parametrize("seed", range(8))
def test_batches_give_the_same_outcome_as_one_by_one(main_page, seed):
    events = _random_events(seed)

    one_by_one = [item_ingest(event=event) for event in events]
    expected = _state()
    ids = {result.item_id: Item.objects.get(pk=result.item_id).external_id for result in one_by_one}
    _clear()
    summary = items_ingest(events=events, batch_size=random.Random(seed).randrange(2, 40))

    assert _state() == expected
    external = {r.item_id: Item.objects.get(pk=r.item_id).external_id for r in summary.results}
    assert [(ids[r.item_id], r.created, r.new_version, r.is_current) for r in one_by_one] == [
        (external[r.item_id], r.created, r.new_version, r.is_current) for r in summary.results
    ]
