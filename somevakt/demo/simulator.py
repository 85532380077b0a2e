"""Deterministic demo traffic: the same seed and start give the same events.

The simulator needs no database: it is handed the demo channels and yields ItemEvents,
which the caller ingests through the ordinary ingestion service.
"""

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from somevakt.demo import corpus
from somevakt.inbox.events import EventType, ItemEvent
from somevakt.inbox.models import ItemKind

DEFAULT_START = datetime.datetime(2026, 11, 2, 7, 0, tzinfo=datetime.UTC)
FNR_WEIGHTS_1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
FNR_WEIGHTS_2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def fodselsnummer(rng: random.Random) -> str:
    """A Norwegian national identity number with valid control digits (mod 11)."""
    while True:
        born = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(20000))
        digits = [int(c) for c in f"{born:%d%m%y}{rng.randrange(500):03d}"]
        for weights in (FNR_WEIGHTS_1, FNR_WEIGHTS_2):
            control = 11 - sum(w * d for w, d in zip(weights, digits, strict=False)) % 11
            if control == 10:
                break
            digits.append(0 if control == 11 else control)
        else:
            return "".join(map(str, digits))


@dataclass(frozen=True)
class DemoChannel:
    platform: str
    external_id: str
    channel_type: str
    name: str  # the page itself is the author of what the municipality writes


@dataclass
class _Post:
    channel: DemoChannel
    event: ItemEvent
    comments: list[ItemEvent] = field(default_factory=list)


_RECENT = 200  # edits, hides and deletions touch one of the last 200 citizens' items

# How often each kind of comment appears, per channel type.
_PUBLIC_COMMENTS = {
    "question": 16,
    "question_nn": 3,
    "question_sv": 2,
    "question_da": 2,
    "question_en": 2,
    "praise": 14,
    "complaint": 12,
    "staff_answer": 14,
    "D1": 3,
    "D2": 4,
    "D3": 2,
    "D5": 3,
    "D6": 2,
    "D7": 3,
    "D8": 4,
}
_COMMENT_WEIGHTS = {
    "closed_group": {"praise": 6, "question": 6, "staff_answer": 4, "G1": 4},
    "secret_group": {"praise": 4, "question": 4, "S1": 3},
}
_CHANNEL_WEIGHTS = {
    "main_page": 40,
    "local_page": 8,
    "closed_group": 5,
    "secret_group": 3,
    "instagram": 5,
    "youtube": 3,
    "x_account": 4,
    "mastodon": 2,
    "blog": 3,
    "net_meeting": 4,
}
_LANGUAGE_OF = {
    "question_nn": "nn",
    "question_sv": "sv",
    "question_da": "da",
    "question_en": "en",
    "D7": "other",
}


class TrafficSimulator:
    def __init__(
        self,
        *,
        seed: int,
        start: datetime.datetime,
        channels: list[DemoChannel],
        id_prefix: str = "h",
    ) -> None:
        if not channels:
            raise ValueError("the simulator needs at least one demo channel")
        self.rng = random.Random(seed)  # noqa: S311  (reproducible demo data, not secrets)
        self.clock = start
        self.channels = channels
        self.id_prefix = id_prefix
        self.counter = 0
        self.posts: list[_Post] = []
        self.written: list[ItemEvent] = []  # recent citizens' items, for edits and deletions

    def events(
        self, count: int, mean_gap: datetime.timedelta = datetime.timedelta(minutes=3)
    ) -> Iterator[ItemEvent]:
        for _ in range(count):
            self.clock += datetime.timedelta(
                seconds=self.rng.expovariate(1 / max(mean_gap.total_seconds(), 0.001))
            )
            yield self._next()

    # -- one step ---------------------------------------------------------------------

    def _next(self) -> ItemEvent:
        step = self.rng.choices(
            ["staff_post", "citizen_post", "comment", "edit", "delete", "hide", "message"],
            weights=[10, 6, 70, 5, 2, 2, 2],
        )[0]
        if step in {"edit", "delete", "hide"} and self.written:
            return getattr(self, f"_{step}")(self.rng.choice(self.written[-_RECENT:]))
        if step == "message":
            return self._private_message()
        if step == "citizen_post":
            return self._citizen_post()
        if step == "comment" and self.posts:
            return self._comment(self.rng.choice(self.posts[-40:]))
        return self._staff_post()

    def _channel(self, types: set[str] | None = None) -> DemoChannel:
        candidates = [c for c in self.channels if types is None or c.channel_type in types]
        if not candidates:
            candidates = self.channels
        weights = [_CHANNEL_WEIGHTS.get(c.channel_type, 1) for c in candidates]
        return self.rng.choices(candidates, weights=weights)[0]

    def _new_id(self, channel: DemoChannel) -> str:
        self.counter += 1
        return f"{channel.external_id}_{self.id_prefix}{self.counter}"

    def fill(self, template: str) -> str:
        """The template with its slots filled from the corpus lists."""
        rng = self.rng
        return template.format(
            road=rng.choice(corpus.ROADS),
            place=rng.choice(corpus.PLACES),
            kindergarten=rng.choice(corpus.KINDERGARTENS),
            weekday=rng.choice(corpus.WEEKDAYS),
            film=rng.choice(corpus.FILMS),
            employee=rng.choice(corpus.EMPLOYEES),
            politician=rng.choice(corpus.POLITICIANS),
            child=rng.choice(corpus.CHILDREN),
            citizen=rng.choice(corpus.CITIZENS)[0],
            fnr=fodselsnummer(rng),
        )

    def _citizen(self, language: str | None = None) -> dict:
        # Most citizens write Norwegian, whatever their name; some comments ask for a language.
        wanted = {language} if language else {"nb", "nn", "other"}
        pool = [(i, name) for i, (name, lang) in enumerate(corpus.CITIZENS) if lang in wanted]
        index, name = self.rng.choice(pool)
        return {"id": str(5_000_100 + index), "name": name}

    def _event(self, channel: DemoChannel, **fields) -> ItemEvent:
        return ItemEvent.model_validate(
            {
                "platform": channel.platform,
                "channel": channel.external_id,
                "published_at": self.clock,
                "occurred_at": self.clock,
                "is_demo": True,
                **fields,
            }
        )

    def _staff_post(self) -> ItemEvent:
        channel = self._channel()
        templates = corpus.STAFF_POSTS.get(channel.channel_type) or corpus.STAFF_POSTS["main_page"]
        event = self._event(
            channel,
            external_id=self._new_id(channel),
            kind=ItemKind.POST,
            author={"id": channel.external_id, "name": channel.name},
            text=self.fill(self.rng.choice(templates)),
        )
        self.posts.append(_Post(channel, event))
        return event

    def _citizen_post(self) -> ItemEvent:
        channel = self._channel({"main_page", "local_page"})
        category = self.rng.choice(["question", "question", "complaint", "praise", "D1", "D8"])
        event = self._event(
            channel,
            external_id=self._new_id(channel),
            kind=ItemKind.POST,
            author=self._citizen(),
            text=self.fill(self.rng.choice(corpus.COMMENTS[category])),
        )
        self.posts.append(_Post(channel, event))
        self._remember(event)
        return event

    def _remember(self, event: ItemEvent) -> None:
        self.written.append(event)
        if len(self.written) > 2 * _RECENT:  # edits pick among the recent ones only
            del self.written[:-_RECENT]

    def _comment(self, post: _Post) -> ItemEvent:
        weights = _COMMENT_WEIGHTS.get(post.channel.channel_type, _PUBLIC_COMMENTS)
        category = self.rng.choices(list(weights), weights=list(weights.values()))[0]
        staff = category == "staff_answer"
        author = (
            {"id": post.channel.external_id, "name": post.channel.name}
            if staff
            else self._citizen(_LANGUAGE_OF.get(category))
        )
        parent = post.event
        if post.comments and (staff or self.rng.random() < 0.2):
            parent = self.rng.choice(post.comments[-5:])
        event = self._event(
            post.channel,
            external_id=self._new_id(post.channel),
            kind=ItemKind.COMMENT if parent is post.event else ItemKind.REPLY,
            thread_external_id=post.event.external_id,
            parent_external_id=parent.external_id,
            author=author,
            text=self.fill(self.rng.choice(corpus.COMMENTS[category])),
        )
        post.comments.append(event)
        if not staff:
            self._remember(event)
        return event

    def _private_message(self) -> ItemEvent:
        channel = self._channel({"main_page"})
        author = self._citizen()
        return self._event(
            channel,
            external_id=self._new_id(channel),
            kind=ItemKind.PRIVATE_MESSAGE,
            thread_external_id=f"{channel.external_id}_conversation_{author['id']}",
            author=author,
            text=self.fill(self.rng.choice(corpus.COMMENTS["question"] + corpus.COMMENTS["D8"])),
        )

    def _later(self, original: ItemEvent, **changes) -> ItemEvent:
        return original.model_copy(update={"occurred_at": self.clock, **changes})

    def _edit(self, event: ItemEvent) -> ItemEvent:
        addition = self.rng.choice(
            [" (redigert)", " Oppdatering: fortsatt ikke løst.", "!", " Takk."]
        )
        edited = self._later(event, text=event.text + addition)
        self.written[self.written.index(event)] = edited
        return edited

    def _delete(self, event: ItemEvent) -> ItemEvent:
        self.written.remove(event)
        return self._later(event, event=EventType.DELETE)

    def _hide(self, event: ItemEvent) -> ItemEvent:
        return self._later(event, event=EventType.HIDE)


def demo_events(
    *,
    count: int,
    seed: int,
    channels: list[DemoChannel] | None = None,
    start: datetime.datetime | None = None,
) -> Iterator[ItemEvent]:
    """`count` events on the demo channels, two weeks' worth of traffic from `start`."""
    from somevakt.demo.setup import DEMO_CHANNELS

    simulator = TrafficSimulator(
        seed=seed, start=start or DEFAULT_START, channels=channels or DEMO_CHANNELS
    )
    return simulator.events(count, mean_gap=datetime.timedelta(days=14) / max(count, 1))
