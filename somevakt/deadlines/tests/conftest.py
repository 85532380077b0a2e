import datetime

import pytest


@pytest.fixture
def ask(ingest):
    """Ingest a citizen's question (or any item) on the main page at an Oslo time."""
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
