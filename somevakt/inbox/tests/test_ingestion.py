import datetime

import pytest
from django.core.exceptions import PermissionDenied
from pydantic import ValidationError

from conftest import T0
from somevakt.inbox.models import Author, Item, ItemVersion, Thread
from somevakt.inbox.services import UnknownChannel, item_ingest, items_ingest
from somevakt.organisation.models import Role

pytestmark = pytest.mark.django_db

LATER = T0 + datetime.timedelta(minutes=5)
LATEST = T0 + datetime.timedelta(minutes=10)


def test_replaying_an_event_a_hundred_times_gives_one_item(main_page, make_event):
    event = make_event()

    results = [item_ingest(event=event) for _ in range(100)]

    assert Item.objects.count() == 1
    assert ItemVersion.objects.count() == 1
    assert [r.created for r in results].count(True) == 1
    assert not any(r.new_version for r in results[1:])


def test_an_edit_adds_a_version_and_becomes_the_text(main_page, make_event):
    item_ingest(event=make_event())

    result = item_ingest(
        event=make_event(text="Når blir Storgata brøytet? Det er glatt!", occurred_at=LATER)
    )

    item = Item.objects.get()
    assert result.new_version and result.is_current
    assert item.text.endswith("Det er glatt!")
    assert item.version_count == 2
    assert list(item.versions.values_list("platform_time", flat=True)) == [T0, LATER]


def test_an_older_edit_arriving_late_does_not_overwrite_the_newer(main_page, make_event):
    item_ingest(event=make_event())
    item_ingest(event=make_event(text="newest", occurred_at=LATEST))

    result = item_ingest(event=make_event(text="middle", occurred_at=LATER))

    item = Item.objects.get()
    assert result.new_version and not result.is_current
    assert item.text == "newest"
    assert item.version_count == 3
    assert [v.text for v in item.versions.all()][1] == "middle"


def test_a_platform_deletion_keeps_the_content(main_page, make_event):
    item_ingest(event=make_event())

    item_ingest(event=make_event(event="delete", text="", occurred_at=LATER))

    item = Item.objects.get()
    assert item.deleted_on_platform_at == LATER
    assert item.text == "Når blir Storgata brøytet?"
    assert item.version_count == 1


def test_a_deletion_seen_before_the_item_is_completed_when_the_item_arrives(main_page, make_event):
    item_ingest(event=make_event(event="delete", text="", author=None, occurred_at=LATER))

    item_ingest(event=make_event())

    item = Item.objects.get()
    assert item.is_deleted_on_platform
    assert item.text == "Når blir Storgata brøytet?"
    assert item.author.display_name == "Kari Nordmann"


def test_hide_and_unhide_follow_platform_time_not_arrival(main_page, make_event):
    item_ingest(event=make_event())
    item_ingest(event=make_event(event="unhide", occurred_at=LATEST))

    item_ingest(event=make_event(event="hide", occurred_at=LATER))

    assert Item.objects.get().is_hidden_on_platform is False


def test_comments_join_their_thread_and_parent_even_out_of_order(main_page, make_event):
    reply = make_event(
        "100200300_1_c2",
        kind="reply",
        thread_external_id="100200300_1",
        parent_external_id="100200300_1_c1",
        text="Enig!",
        occurred_at=LATEST,
        published_at=LATEST,
    )
    comment = make_event(
        "100200300_1_c1",
        kind="comment",
        thread_external_id="100200300_1",
        parent_external_id="100200300_1",
        text="Lurer på det samme",
        occurred_at=LATER,
        published_at=LATER,
    )

    for event in (reply, comment, make_event()):
        item_ingest(event=event)

    post = Item.objects.get(external_id="100200300_1")
    assert Thread.objects.count() == 1
    assert post.thread.items.count() == 3
    assert Item.objects.get(external_id="100200300_1_c1").parent == post
    assert Item.objects.get(external_id="100200300_1_c2").parent.external_id == "100200300_1_c1"
    assert post.thread.started_at == T0 and post.thread.last_activity_at == LATEST


def test_an_author_is_kept_once_per_platform_identity(main_page, make_event):
    for n in range(3):
        item_ingest(event=make_event(f"100200300_{n}"))

    assert Author.objects.count() == 1


def test_an_event_for_an_unregistered_channel_is_refused_with_the_fix(db, make_event):
    with pytest.raises(UnknownChannel, match="100200300.*channel registry"):
        item_ingest(event=make_event())

    assert Item.objects.count() == 0


def test_a_comment_without_its_thread_is_refused_with_a_clear_error(make_event):
    with pytest.raises(ValidationError, match="needs thread_external_id"):
        make_event(kind="comment")


def test_a_batch_is_all_or_nothing_per_batch(main_page, make_event):
    events = [make_event(f"100200300_{n}") for n in range(5)]
    events.append(make_event("x", channel="unknown-page"))

    with pytest.raises(UnknownChannel):
        items_ingest(events=events, batch_size=10)

    assert Item.objects.count() == 0


def test_batch_ingestion_summarises_what_it_did(main_page, make_event):
    events = [make_event(f"100200300_{n}") for n in range(5)] + [make_event("100200300_0")]

    summary = items_ingest(events=events, batch_size=2)

    assert (summary.events, summary.items_created, summary.versions_added) == (6, 5, 5)


def test_importing_needs_an_editor_role(main_page, make_event, make_user):
    with pytest.raises(PermissionDenied, match="import_items"):
        items_ingest(events=[make_event()], actor=make_user(Role.ARKIVAR))

    items_ingest(events=[make_event()], actor=make_user(Role.ADMIN))
    assert Item.objects.count() == 1


def test_a_nul_or_half_a_surrogate_pair_is_stored_as_a_replacement_character(main_page, make_event):
    """PostgreSQL refuses both in text; the item is kept with U+FFFD in their place."""
    item_ingest(
        event=make_event(
            text="Brøyting\x00 i Storgata\ud800?", author={"id": "9", "name": "Ola\x00"}
        )
    )
    item = Item.objects.get()
    assert item.text == "Brøyting\ufffd i Storgata\ufffd?"
    assert item.author.display_name == "Ola\ufffd"
