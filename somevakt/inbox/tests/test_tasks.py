import pytest
from django.test import override_settings

from somevakt.inbox.models import Item
from somevakt.inbox.tasks import ingest_item_events

pytestmark = pytest.mark.django_db

# The worker's own loop is django-tasks' business; this runs the task as the worker would.
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@override_settings(TASKS=IMMEDIATE)
def test_queued_events_are_ingested_by_the_task(main_page, make_event):
    events = [make_event(f"100200300_{n}").model_dump(mode="json") for n in range(3)]

    result = ingest_item_events.enqueue(events=events)

    assert result.return_value == 3
    assert Item.objects.count() == 3
