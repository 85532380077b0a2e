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
def ingest(main_page, make_event, policy):
    """Ingest an item on the main page at an Oslo time."""
    from somevakt.inbox.services import item_ingest

    def ingest_at(external_id: str, at: datetime.datetime, **fields):
        moment = at.astimezone(datetime.UTC)
        return item_ingest(
            event=make_event(external_id, published_at=moment, occurred_at=moment, **fields)
        )

    return ingest_at


@pytest.fixture(autouse=True)
def _english():
    """Figure names are asserted in English, the msgids, whatever catalogue is compiled."""
    from django.utils import translation

    with translation.override("en"):
        yield
