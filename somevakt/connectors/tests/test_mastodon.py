import json
import threading

import pytest

from somevakt.connectors.base import PermanentError, RawStatus, Target, ThrottledError
from somevakt.connectors.capabilities import PlatformAction
from somevakt.connectors.platforms.common import Unsupported
from somevakt.connectors.platforms.fakes.mastodon import (
    ACCESS_TOKEN,
    ACCOUNT,
    FakeMastodon,
    documented_frame,
)
from somevakt.connectors.platforms.fakes.server import Answer
from somevakt.connectors.platforms.mastodon import Backoff, MastodonConnector
from somevakt.connectors.tests.platform_support import backfill_all, events, poll_until_done
from somevakt.inbox.models import Item
from somevakt.inbox.services import items_ingest
from somevakt.sources.models import ChannelType, Platform


@pytest.fixture
def fake():
    with FakeMastodon() as server:
        yield server


@pytest.fixture
def mastodon_account(make_channel):
    return make_channel(ChannelType.MASTODON, Platform.MASTODON, external_id=ACCOUNT)


def _connector(fake, token=ACCESS_TOKEN):
    return MastodonConnector(instance_url=fake.url, account_id=ACCOUNT, access_token=token)


class Collector:
    """Runs the stream in a thread and collects what it hands over."""

    def __init__(self, connector, backoff=None, read_timeout=5.0):
        self.changes, self.catch_ups = [], 0
        self.stop = threading.Event()
        self.error = None
        self.backoff = backoff or Backoff(first=0.01, most=0.05)
        self.got = threading.Condition()

        def handle(changes):
            with self.got:
                self.changes += changes
                self.got.notify_all()

        def catch_up():
            self.catch_ups += 1

        def run():
            try:
                connector.stream(
                    handle,
                    stop=self.stop,
                    catch_up=catch_up,
                    backoff=self.backoff,
                    read_timeout=read_timeout,
                )
            except Exception as exc:  # noqa: BLE001 - checked by the test
                self.error = exc

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()

    def wait_for(self, count, timeout=10.0):
        with self.got:
            assert self.got.wait_for(lambda: len(self.changes) >= count, timeout), self.changes
        return self.changes

    def close(self, fake):
        self.stop.set()
        fake.drop()
        self.thread.join(5)
        assert not self.thread.is_alive()


def test_the_documented_stream_frame_is_a_mention(fake):
    collector = Collector(_connector(fake))
    fake.push_raw(documented_frame() + b"\n")

    (change,) = collector.wait_for(1)
    collector.close(fake)

    assert change.status == RawStatus.INGESTED
    event = change.event
    assert (event.external_id, event.kind, event.author.name) == ("108914343542683797", "post", "a")
    assert event.text == "@trwnh test"


def test_the_stream_reconnects_after_a_drop_and_catches_up_first(fake):
    collector = Collector(_connector(fake))
    first = fake.make_status("Før bruddet", account_id="9", acct="ola")
    second = fake.make_status("Etter bruddet", account_id="9", acct="ola")
    fake.push("notification", fake.mention(first))
    collector.wait_for(1)

    fake.drop()
    fake.push("notification", fake.mention(second))
    changes = collector.wait_for(2)
    collector.close(fake)

    assert [c.external_id for c in changes] == [first["id"], second["id"]]
    assert fake.stream_connections >= 2 and collector.catch_ups >= 1
    assert collector.backoff.waited[0] == 0.01


def test_a_refused_stream_is_retried_with_a_growing_pause(fake):
    fake.refuse_streams = [503, 502, 500]
    collector = Collector(_connector(fake))
    fake.push_raw(documented_frame() + b"\n")

    collector.wait_for(1)
    collector.close(fake)

    assert collector.backoff.waited[:3] == [0.01, 0.02, 0.04]
    assert fake.stream_connections >= 4


def test_a_stream_with_a_revoked_token_stops_with_the_error(fake):
    collector = Collector(_connector(fake, token="revoked"))

    collector.thread.join(5)

    assert isinstance(collector.error, PermanentError)


def test_stream_events_own_posts_edits_deletions_and_the_rest(fake):
    connector = _connector(fake)
    own = fake.make_status("Velkommen til kommunestyret")
    others = fake.make_status("Noe annet", account_id="9", acct="ola")

    changes = [
        *connector.stream_changes("update", json.dumps(own)),
        *connector.stream_changes("update", json.dumps(others)),
        *connector.stream_changes(
            "status.update",
            json.dumps(
                {**own, "content": "<p>Rettet</p>", "edited_at": "2026-11-26T11:00:00.000Z"}
            ),
        ),
        *connector.stream_changes("delete", own["id"]),
        *connector.stream_changes("filters_changed", "{}"),
        *connector.stream_changes("notification", "not json"),
    ]

    statuses = [c.status for c in changes]
    assert statuses == [
        RawStatus.INGESTED,
        RawStatus.SKIPPED,
        RawStatus.INGESTED,
        RawStatus.INGESTED,
        RawStatus.UNKNOWN,
        RawStatus.UNKNOWN,
    ]
    assert changes[2].event.text == "Rettet" and changes[3].event.event == "delete"


def test_a_poll_starts_at_the_newest_and_then_takes_mentions_and_own_statuses(
    db, fake, mastodon_account
):
    connector = _connector(fake)
    start = connector.poll(None)
    post = fake.make_status("Info fra kommunen")
    question = fake.make_status("Når?", account_id="9", acct="ola", in_reply_to=post)
    fake.mention(question)

    changes, cursor, _ = poll_until_done(connector, start.cursor)
    items_ingest(events=events(changes))

    assert start.cursor["mentions"] == "20"
    item = Item.objects.get(external_id=question["id"])
    assert (item.kind, item.parent.external_id) == ("comment", post["id"])
    assert Item.objects.get(external_id=post["id"]).kind == "post"
    assert cursor["mentions"] != "20"


def test_many_new_mentions_are_read_forward_a_page_at_a_time(db, fake, mastodon_account):
    connector = _connector(fake)
    start = connector.poll(None)
    for n in range(90):
        fake.mention(fake.make_status(f"@admin {n}", account_id="9", acct="ola"))

    changes, _, pages = poll_until_done(connector, start.cursor)

    assert (len(changes), pages) == (90, 3)


def test_the_backfill_reads_own_statuses_then_mentions_with_the_recorded_one(
    db, fake, mastodon_account
):
    for n in range(45):
        fake.make_status(f"Innlegg {n}")

    changes, pages = backfill_all(_connector(fake))
    items_ingest(events=events(changes))

    assert pages == 3  # 40 + 5 own statuses, then one page of mentions
    recorded = Item.objects.get(external_id="117020576916218297")
    assert recorded.text == "@mastodonpy_test hello!"


def test_a_rate_limit_is_a_wait_until_the_reset(fake):
    fake.inject(
        Answer(
            429, {"error": "Too many requests"}, {"X-RateLimit-Reset": "2099-01-01T00:00:00.000Z"}
        )
    )

    with pytest.raises(ThrottledError):
        _connector(fake).test_connection()


@pytest.mark.parametrize(
    ("action", "visibility"),
    [(PlatformAction.REPLY, "public"), (PlatformAction.PRIVATE_REPLY, "direct")],
)
def test_replies_mention_the_author_public_or_direct(fake, action, visibility):
    question = fake.make_status("Når?", account_id="9", acct="ola@example.social")

    _connector(fake).act(action, Target(object_id=question["id"]), text="Kl. 10.")

    assert fake.effects == [
        {
            "effect": "status",
            "text": "@ola@example.social Kl. 10.",
            "in_reply_to": question["id"],
            "visibility": visibility,
        }
    ]


def test_a_ban_blocks_the_account_and_lifting_it_unblocks(fake):
    connector = _connector(fake)

    connector.act(PlatformAction.BAN, Target(user_id="9"))
    connector.act(PlatformAction.UNBAN, Target(user_id="9"))

    assert fake.effects == [
        {"effect": "block", "account": "9"},
        {"effect": "unblock", "account": "9"},
    ]


def test_a_report_goes_to_the_instance_and_on_to_the_authors_server(fake):
    answer = _connector(fake).report(account_id="9", status_ids=["5"], comment="D2: trusler")

    assert fake.effects == [
        {
            "effect": "report",
            "account": "9",
            "statuses": ["5"],
            "comment": "D2: trusler",
            "forward": True,
        }
    ]
    assert answer["forwarded"] is True and answer["status_ids"] == ["5"]


@pytest.mark.parametrize(
    "action", [PlatformAction.HIDE, PlatformAction.UNHIDE, PlatformAction.DELETE]
)
def test_what_mastodon_does_not_offer_is_refused_without_a_call(fake, action):
    with pytest.raises(Unsupported):
        _connector(fake).act(action, Target(object_id="5"))

    assert fake.requests == []


def test_reports_waiting_on_the_instance_are_read_and_resolved(fake):
    connector = _connector(fake)

    waiting = connector.admin_reports()
    resolved = connector.admin_report_resolve(waiting[0]["id"])

    assert [(r["id"], r["comment"]) for r in waiting] == [("1", "api crimes")]
    assert resolved["action_taken"] is True
    assert fake.effects == [{"effect": "resolve", "report": "1"}]
