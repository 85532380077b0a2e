import datetime
import re
from collections import Counter

from somevakt.demo import corpus
from somevakt.demo.setup import DEMO_CHANNELS
from somevakt.demo.simulator import DEFAULT_START, demo_events, fodselsnummer
from somevakt.inbox.events import EventType


def _dump(events):
    return [event.model_dump(mode="json") for event in events]


def test_the_same_seed_gives_the_same_traffic():
    assert _dump(demo_events(count=500, seed=7)) == _dump(demo_events(count=500, seed=7))
    assert _dump(demo_events(count=500, seed=7)) != _dump(demo_events(count=500, seed=8))


def test_every_comment_points_to_a_thread_and_parent_seen_before():
    seen: set[str] = set()
    for event in demo_events(count=3000, seed=3):
        if event.event is EventType.UPSERT and event.parent_external_id:
            assert event.parent_external_id in seen
            assert event.thread_external_id in seen
        if event.event is not EventType.UPSERT:
            assert event.external_id in seen
        seen.add(event.external_id)


def test_traffic_stays_in_time_order_over_two_weeks():
    events = list(demo_events(count=2000, seed=5))
    moments = [event.occurred_at for event in events]

    assert moments == sorted(moments)
    assert moments[0] >= DEFAULT_START
    assert moments[-1] - moments[0] > datetime.timedelta(days=10)


def test_traffic_covers_every_channel_kind_of_event_and_rule_category():
    events = list(demo_events(count=5000, seed=11))
    texts = "\n".join(event.text for event in events)

    assert {event.channel for event in events} == {c.external_id for c in DEMO_CHANNELS}
    assert set(Counter(event.event for event in events)) == set(EventType) - {EventType.UNHIDE}
    assert set(Counter(event.kind for event in events)) >= {
        "post",
        "comment",
        "reply",
        "private_message",
    }
    for category in ("D1", "D2", "D3", "D5", "D6", "D7", "D8", "G1", "S1", "question_nn"):
        assert any(_matches(template, texts) for template in corpus.COMMENTS[category]), (
            f"no {category} comment in the demo traffic"
        )


def _matches(template: str, texts: str) -> bool:
    fixed = max(re.split(r"\{\w+\}", template), key=len).strip()
    return fixed in texts


def test_generated_fodselsnummer_have_valid_control_digits():
    import random

    rng = random.Random(1)
    for _ in range(200):
        number = fodselsnummer(rng)
        digits = [int(c) for c in number]
        first = (3, 7, 6, 1, 8, 9, 4, 5, 2, 1)
        second = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
        assert len(number) == 11
        assert sum(w * d for w, d in zip(first, digits[:10], strict=True)) % 11 == 0
        assert sum(w * d for w, d in zip(second, digits, strict=True)) % 11 == 0
