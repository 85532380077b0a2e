import datetime
from zoneinfo import ZoneInfo

import pytest

from somevakt.policy.services import policy_load

OSLO = ZoneInfo("Europe/Oslo")


def oslo(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=OSLO)


@pytest.fixture
def policy(db, settings):
    return policy_load(path=settings.SOMEVAKT_DEFAULT_POLICY, actor=None)


@pytest.fixture
def ask(main_page, make_event, policy):
    """Ingest a citizen's question (or any item) on the main page at an Oslo time."""
    from somevakt.inbox.services import item_ingest

    def ingest(external_id: str, at: datetime.datetime, **fields):
        moment = at.astimezone(datetime.UTC)
        item_ingest(
            event=make_event(external_id, published_at=moment, occurred_at=moment, **fields)
        )

    return ingest


@pytest.fixture
def answer(ask, main_page):
    """Ingest a reply from the page itself in a thread."""

    def reply(external_id: str, thread: str, at: datetime.datetime, **fields):
        ask(
            external_id,
            at,
            kind="comment",
            thread_external_id=thread,
            parent_external_id=fields.pop("parent", thread),
            author={"id": main_page.external_id, "name": main_page.name},
            text=fields.pop("text", "Hei! Storgata brøytes i løpet av dagen."),
            **fields,
        )

    return reply
