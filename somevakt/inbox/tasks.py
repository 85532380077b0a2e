from django_tasks import task

from somevakt.inbox.events import ItemEvent
from somevakt.inbox.services import items_ingest


@task()
def ingest_item_events(events: list[dict]) -> int:
    """Ingest events queued by a source; the queue row keeps them until this succeeds."""
    summary = items_ingest(events=[ItemEvent.model_validate(payload) for payload in events])
    return summary.events
