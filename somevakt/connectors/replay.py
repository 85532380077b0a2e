"""A reproducible storm of Facebook webhook deliveries, shuffled and with Meta's retries,
and the items and versions it must leave behind. Used by the tests (small) and by
bench/webhook_replay.py (10,000 deliveries).

Every delivery has the shape of the documented payloads (fixtures/facebook): posts and
statuses, comments and replies in the new `from` form and the old v2.5 `sender_id` form,
ids as strings and as numbers, edits, hides, unhides and removals, several entries and
changes per delivery.
"""

import json
import random
from dataclasses import dataclass, field
from typing import Any

T0 = 1_780_000_000  # epoch seconds


@dataclass
class Expected:
    items: int = 0
    posts: int = 0
    comments: int = 0
    replies: int = 0
    versions: int = 0
    deleted: int = 0
    hidden: int = 0
    texts: dict[str, str] = field(default_factory=dict)  # external id → current text


def _author(n: int, old: bool) -> dict[str, Any]:
    if old:
        return {"sender_id": 5_000_000 + n, "sender_name": f"Innbygger {n}"}
    return {"from": {"id": str(5_000_000 + n), "name": f"Innbygger {n}"}}


def _delivery(page_id: str, changes: list[tuple[int, dict[str, Any]]]) -> bytes:
    entries = [
        {"id": page_id, "time": time, "changes": [{"field": "feed", "value": value}]}
        for time, value in changes
    ]
    return json.dumps({"object": "page", "entry": entries}, separators=(",", ":")).encode()


def storm(
    page_id: str, deliveries: int, *, duplicate_share: float = 0.2, seed: int = 7
) -> tuple[list[bytes], Expected]:
    """About `deliveries` bodies (the exact count), of which `duplicate_share` are retries
    of others, shuffled; and what they must leave behind."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible test storm
    unique_target = round(deliveries * (1 - duplicate_share))
    changes: list[tuple[int, dict[str, Any]]] = []
    expected = Expected()
    tick = 0
    number = 0
    page_number = int(page_id) if page_id.isdigit() else 0

    def at() -> int:
        nonlocal tick
        tick += 7
        return T0 + tick

    while len(changes) < unique_target * 1.5:
        number += 1
        post_num = 10_000_000 + number
        post_id = f"{page_id}_{post_num}"
        created = at()
        old = number % 2 == 0
        item = "status" if number % 3 == 0 else "post"
        text = f"Innlegg {number}"
        changes.append((created, {"item": item, "verb": "add", "post_id": post_id,
                                  "created_time": created, "message": text,
                                  "published": 1, **_author(number, old)}))  # fmt: skip
        versions = 1
        if number % 4 == 0:
            edited = at()
            text = f"Innlegg {number}, rettet"
            changes.append((edited, {"item": item, "verb": "edited", "post_id": post_id,
                                     "created_time": created, "message": text,
                                     **_author(number, old)}))  # fmt: skip
            versions += 1
        expected.posts += 1
        expected.versions += versions
        expected.texts[post_id] = text
        for c in range(1 + number % 3):
            comment_id = f"{post_num}_{20_000_000 + number * 10 + c}"
            reply = c == 2
            parent = f"{post_num}_{20_000_000 + number * 10}" if reply else post_id
            created = at()
            ctext = f"Kommentar {number}.{c}"
            base = {"item": "comment", "comment_id": comment_id, "post_id": post_id,
                    "parent_id": parent, **_author(number * 10 + c, c == 1)}  # fmt: skip
            changes.append((created, {**base, "verb": "add", "created_time": created,
                                      "message": ctext}))  # fmt: skip
            cversions = 1
            if c == 1:
                edited = at()
                ctext = f"Kommentar {number}.{c}, endret"
                changes.append((edited, {**base, "verb": "edited", "created_time": created,
                                         "message": ctext}))  # fmt: skip
                cversions += 1
            hidden = False
            if number % 5 == 0:
                changes.append((at(), {**base, "verb": "hide", "created_time": created,
                                       "message": ctext}))  # fmt: skip
                hidden = True
                if c == 0:
                    changes.append((at(), {**base, "verb": "unhide", "created_time": created,
                                           "message": ctext}))  # fmt: skip
                    hidden = False
            if number % 7 == 0 and c == 0:
                changes.append((at(), {**base, "verb": "remove"}))
                expected.deleted += 1
            expected.hidden += hidden
            expected.versions += cversions
            expected.texts[comment_id] = ctext
            if reply:
                expected.replies += 1
            else:
                expected.comments += 1
        if number % 11 == 0:
            changes.append((at(), {"item": item, "verb": "remove", "post_id": post_id,
                                   "recipient_id": page_number}))  # fmt: skip
            expected.deleted += 1
    expected.items = expected.posts + expected.comments + expected.replies
    # Several changes per delivery now and then, as Meta batches them.
    bodies: list[bytes] = []
    index = 0
    while index < len(changes):
        size = 1 if rng.random() < 0.75 else rng.randint(2, 4)
        bodies.append(_delivery(page_id, changes[index : index + size]))
        index += size
    while len(bodies) > unique_target:  # merge the tail into fewer, larger deliveries
        tail = [json.loads(bodies.pop()), json.loads(bodies.pop())]
        merged = {"object": "page", "entry": tail[1]["entry"] + tail[0]["entry"]}
        bodies.append(json.dumps(merged, separators=(",", ":")).encode())
    retries = [rng.choice(bodies) for _ in range(deliveries - len(bodies))]
    everything = bodies + retries
    rng.shuffle(everything)
    return everything, expected


# What people write under a crisis post: questions, thanks, anger, now and then an insult.
SURGE_TEXTS = (
    "Når åpner veien igjen? Vi står fast ved brua ({n}).",
    "Takk til alle mannskaper som jobber i natt ({n})",
    "Hvorfor fikk vi ikke varsel før vannet steg? ({n})",
    "Er drikkevannet trygt i Rudskogen nå? ({n})",
    "Dere i kommunen er noen idioter som ikke planla for dette ({n})",
    "Hvor kan vi hente sandsekker? ({n})",
    "Strømmen er borte i hele Degernes, noen som vet noe? ({n})",
)


def surge(page_id: str, count: int, *, posts: int = 5) -> list[tuple[str, bytes]]:
    """A crisis surge: `count` deliveries, each one new comment under one of a few posts
    (the crisis updates everyone answers); (comment id, body) pairs, in sending order.
    Every delivery leaves exactly one item behind."""
    deliveries = []
    for n in range(count):
        post_id = f"{page_id}_{30_000_000 + n % posts}"
        comment_id = f"{30_000_000 + n % posts}_{40_000_000 + n}"
        created = T0 + n
        value = {"item": "comment", "verb": "add", "comment_id": comment_id,
                 "post_id": post_id, "parent_id": post_id, "created_time": created,
                 "message": SURGE_TEXTS[n % len(SURGE_TEXTS)].format(n=n),
                 **_author(n, n % 2 == 0)}  # fmt: skip
        deliveries.append((comment_id, _delivery(page_id, [(created, value)])))
    return deliveries
