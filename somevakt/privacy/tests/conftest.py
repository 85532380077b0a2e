import datetime
import itertools

import pytest

from somevakt.archive.models import ArchiveDecision, DecisionState, Outcome, UnitKind
from somevakt.inbox.models import Item, Thread

_numbers = itertools.count(1)

NOW = datetime.datetime(2027, 12, 1, 3, 0, tzinfo=datetime.UTC)
LONG_AGO = datetime.datetime(2027, 1, 10, 12, 0, tzinfo=datetime.UTC)  # > 6 and 12 months
YEARS_AGO = datetime.datetime(2026, 10, 1, 12, 0, tzinfo=datetime.UTC)  # > 12 months
LATELY = datetime.datetime(2027, 11, 20, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def conversation(ingest, policy):
    """A post with citizens' comments on the main page at `at`, its archive decision
    confirmed with `outcome` (none: not yet classified)."""

    def make(
        *texts: str,
        at: datetime.datetime = LONG_AGO,
        outcome: str | None = Outcome.NOT_ARCHIVED,
        author: str = "u1",
    ) -> Thread:
        post_id = f"100200300_{next(_numbers)}"
        ingest(post_id, at, text="Innlegg fra kommunen", author={"id": "100200300", "name": "K"})
        for number, text in enumerate(texts, start=1):
            ingest(
                f"{post_id}_{number}",
                at + datetime.timedelta(minutes=number),
                kind="comment",
                thread_external_id=post_id,
                parent_external_id=post_id,
                text=text,
                author={"id": author, "name": f"Innbygger {author}"},
            )
        thread = Thread.objects.get(external_id=post_id)
        if outcome is not None:
            ArchiveDecision.objects.create(
                thread=thread,
                unit_kind=UnitKind.THREAD,
                state=DecisionState.CONFIRMED,
                proposed_outcome=outcome,
                outcome=outcome,
                policy_version=policy,
                confirmed_at=at,
            )
        return thread

    return make


def items_of(thread: Thread) -> int:
    return Item.objects.filter(thread=thread).count()
