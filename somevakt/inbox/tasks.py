from django_tasks import task

from somevakt.inbox.events import ItemEvent
from somevakt.inbox.services import item_ingest


@task()
def ingest_item_events(events: list[dict]) -> int:
    """Ingest events queued by a source; the queue row keeps them until this succeeds."""
    for payload in events:
        item_ingest(event=ItemEvent.model_validate(payload))
    return len(events)
