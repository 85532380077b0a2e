import datetime

from django.conf import settings
from django_tasks import task

from somevakt.archive.delivery import message_for, transport_from_settings
from somevakt.archive.models import ArchiveDelivery, DeliveryState
from somevakt.archive.noark5.records import Noark5Error
from somevakt.archive.noark5.transports import TransportError
from somevakt.archive.selectors import write_document
from somevakt.archive.services import (
    delivery_claim,
    delivery_failed,
    delivery_sent,
    delivery_succeeded,
)


@task()
def delivery_deliver(delivery_id: int) -> str:
    """Deliver one arkivmelding. The transport is called outside any transaction; if this
    process dies after it, the lease runs out and the sweeper delivers again with the
    same systemIDs, which the archive answers as already received."""
    lease = datetime.timedelta(seconds=settings.SOMEVAKT_ARCHIVE_LEASE_SECONDS)
    if not delivery_claim(delivery_id, lease=lease):
        return "not due"
    delivery = ArchiveDelivery.objects.get(pk=delivery_id)
    xml = ""
    try:
        message = message_for(delivery.journalpost_id)
        xml = message.xml.decode()
        kvittering = transport_from_settings().deliver(message, write_document)
    except TransportError as error:
        receipt = error.kvittering.xml.decode() if error.kvittering else ""
        delivery_failed(
            delivery_id, error.reason, retryable=error.retryable, message=xml, receipt=receipt
        )
        return DeliveryState.FAILED
    except Noark5Error as error:  # a setting or a record to fix: a person must act
        delivery_failed(delivery_id, str(error), retryable=False, message=xml)
        return DeliveryState.FAILED
    if kvittering is None:  # a folder drop: the archive writes its receipt later
        delivery_sent(delivery_id, message=xml)
        return DeliveryState.SENT
    delivery_succeeded(delivery_id, message=xml, kvittering=kvittering)
    return DeliveryState.DONE


def receipts_collect() -> int:
    """Read the receipts the archive has written for dropped messages since."""
    transport = transport_from_settings()
    found = 0
    for delivery in ArchiveDelivery.objects.filter(state=DeliveryState.SENT).order_by("pk"):
        message = message_for(delivery.journalpost_id)
        try:
            kvittering = transport.receipt(message)
        except TransportError as error:
            receipt = error.kvittering.xml.decode() if error.kvittering else ""
            delivery_failed(delivery.pk, error.reason, retryable=False, receipt=receipt)
            continue
        if kvittering is not None:
            delivery_succeeded(delivery.pk, message=message.xml.decode(), kvittering=kvittering)
            found += 1
    return found
