import threading

import pytest

from somevakt.connectors.fakeplatform import FakePlatform, serve
from somevakt.inbox.services import item_ingest
from somevakt.moderation.models import ModerationCase
from somevakt.moderation.services import outbox_due_ids
from somevakt.moderation.tasks import outbox_deliver
from somevakt.organisation.models import Role


@pytest.fixture
def platform(settings):
    """The local fake platform on a free port; moderation actions go there."""
    fake = FakePlatform()
    server = serve(fake)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SOMEVAKT_PLATFORM_API_URL = f"http://127.0.0.1:{server.server_address[1]}/v21.0"
    yield fake
    server.shutdown()
    server.server_close()


@pytest.fixture
def deliver():
    """Run every due platform action as the worker would; returns how many ran."""

    def run() -> int:
        due = outbox_due_ids()
        for action_id in due:
            outbox_deliver.call(action_id)
        return len(due)

    return run


@pytest.fixture
def second_informasjonsansvarlig(make_user):
    return make_user(Role.INFORMASJONSANSVARLIG, username="ivar")


@pytest.fixture
def flagged_case(policy, make_event, main_page):
    """A case opened by screening for an insult on the main page."""
    result = item_ingest(
        event=make_event(
            external_id="100200300_9",
            kind="comment",
            parent_external_id="100200300_1",
            thread_external_id="100200300_1",
            author={"id": "troll1", "name": "Trond Troll"},
            text="Du er en idiot, ordfører.",
        )
    )
    return ModerationCase.objects.get(item_id=result.item_id)


@pytest.fixture
def insult_case(policy, main_page, make_event):
    """A post by `author_id` that screening flags, and its case."""

    def make(number: int, author_id: str = "troll1", text: str = "Du er en idiot, ordfører."):
        event = make_event(
            external_id=f"100200300_{number}",
            author={"id": author_id, "name": author_id.title()},
            text=text,
        )
        return ModerationCase.objects.get(item_id=item_ingest(event=event).item_id)

    return make
