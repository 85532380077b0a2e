"""Every journalpost reaches the archive system as a valid Fiks Arkiv arkivmelding, by a
folder drop or over HTTP; failures are retried with backoff, a dead worker's delivery is
taken over, and the receipt is stored. Nothing is lost."""

import datetime
import threading
import zipfile

import pytest
from django.utils import timezone

from somevakt.archive.models import ArchiveDelivery, DeliveryState
from somevakt.archive.noark5.arkivmelding import parse_kvittering
from somevakt.archive.noark5.fakearchive import FakeArchive, serve
from somevakt.archive.noark5.tests.support import FIKS_ARKIV, official
from somevakt.archive.noark5.validation import ARKIVMELDING, KVITTERING, errors
from somevakt.archive.services import (
    ArchiveError,
    decision_confirm,
    delivery_due_ids,
    delivery_retry,
    threads_classify,
)
from somevakt.archive.tasks import delivery_deliver, receipts_collect

pytestmark = pytest.mark.django_db

POST = (True, "Kokevarsel for Os: drikkevannet må kokes inntil videre.")
QUESTION = (False, "Hvor lenge varer kokevarselet i Os?")
ANSWER = (True, "Hei! Kokevarselet gjelder til vi har fått nye prøvesvar, trolig fredag.")


@pytest.fixture
def journaled(conversation, arkivar):
    thread = conversation(POST, QUESTION, ANSWER)
    threads_classify()
    decision_confirm(actor=arkivar, decision=thread.archive_decision)
    return ArchiveDelivery.objects.get()


@pytest.fixture
def archive_server(settings):
    fake = FakeArchive()
    server = serve(fake)
    worker = threading.Thread(target=server.serve_forever, daemon=True)
    worker.start()
    settings.SOMEVAKT_ARCHIVE_TRANSPORT = "http"
    settings.SOMEVAKT_ARCHIVE_URL = f"http://127.0.0.1:{server.server_address[1]}/arkivmelding"
    yield fake
    server.shutdown()
    server.server_close()


def run_due() -> list[str]:
    return [delivery_deliver.call(pk) for pk in delivery_due_ids()]


def make_due(delivery: ArchiveDelivery) -> None:
    ArchiveDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())


def test_a_folder_drop_delivers_a_valid_package_and_reads_the_receipt(journaled, settings):
    assert run_due() == ["sent"]
    (package,) = settings.SOMEVAKT_ARCHIVE_DROP_DIR.glob("*.zip")
    with zipfile.ZipFile(package) as archive:
        names = set(archive.namelist())
        xml = archive.read("arkivmelding.xml")
    assert names == {"arkivmelding.xml", "dokument.pdf", "dokument.xml"}
    assert errors(xml, official(FIKS_ARKIV / ARKIVMELDING)) == []
    assert receipts_collect() == 0  # the archive has not answered yet
    assert FakeArchive().process_folder(settings.SOMEVAKT_ARCHIVE_DROP_DIR) == 1
    assert receipts_collect() == 1
    journaled.refresh_from_db()
    assert journaled.state == DeliveryState.DONE
    assert errors(journaled.receipt.encode(), official(FIKS_ARKIV / KVITTERING)) == []
    assert parse_kvittering(journaled.receipt.encode()).ok
    assert journaled.receipt_reference


def test_http_delivery_is_retried_with_backoff_and_the_receipt_stored(journaled, archive_server):
    archive_server.fail_next(503, count=2)
    assert run_due() == ["failed"]
    journaled.refresh_from_db()
    assert (journaled.state, journaled.attempts) == (DeliveryState.PENDING, 1)
    assert "503" in journaled.last_error
    assert journaled.next_attempt_at > timezone.now()
    assert run_due() == []  # not due before the pause is over
    make_due(journaled)
    run_due()
    journaled.refresh_from_db()
    pause = journaled.next_attempt_at - timezone.now()
    assert datetime.timedelta(seconds=20) < pause <= datetime.timedelta(seconds=30)
    make_due(journaled)
    assert run_due() == ["done"]
    journaled.refresh_from_db()
    assert (journaled.state, journaled.attempts) == (DeliveryState.DONE, 3)
    assert parse_kvittering(journaled.receipt.encode()).registrering.journalaar
    assert len(archive_server.received) == 1


def test_a_permanent_refusal_waits_for_the_arkivar_and_is_never_dropped(
    journaled, archive_server, arkivar
):
    archive_server.fail_next(400)
    run_due()
    journaled.refresh_from_db()
    assert journaled.state == DeliveryState.FAILED and "400" in journaled.last_error
    delivery_retry(actor=arkivar, delivery=journaled)
    assert run_due() == ["done"]
    with pytest.raises(ArchiveError, match="Bare en levering som har feilet"):
        delivery_retry(actor=arkivar, delivery=journaled)


def test_a_dead_workers_delivery_is_taken_over_after_its_lease(journaled, archive_server):
    # The worker claimed it and died: nothing happens until the lease runs out.
    ArchiveDelivery.objects.filter(pk=journaled.pk).update(
        state=DeliveryState.RUNNING, lease_until=timezone.now() + datetime.timedelta(minutes=1)
    )
    assert run_due() == []
    ArchiveDelivery.objects.filter(pk=journaled.pk).update(
        lease_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert run_due() == ["done"]


def test_a_repeated_delivery_gets_the_same_number_from_the_archive(journaled, archive_server):
    run_due()
    first = ArchiveDelivery.objects.get().receipt_reference
    ArchiveDelivery.objects.update(state=DeliveryState.PENDING)
    run_due()
    assert ArchiveDelivery.objects.get().receipt_reference == first


def test_a_misconfigured_transport_fails_with_the_mistake_named(journaled, settings):
    settings.SOMEVAKT_ARCHIVE_TRANSPORT = "http"
    settings.SOMEVAKT_ARCHIVE_URL = "arkiv.example.no"
    assert run_due() == ["failed"]
    journaled.refresh_from_db()
    assert journaled.state == DeliveryState.FAILED
    assert "not an http(s) URL" in journaled.last_error
