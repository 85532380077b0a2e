"""Delivery by folder drop and over real HTTP to the local fake archive: receipts come
back, failures say whether a retry can help, nothing half-written is ever visible."""

import threading
import zipfile

import pytest

from somevakt.archive.noark5.arkivmelding import build_arkivmelding
from somevakt.archive.noark5.fakearchive import FakeArchive, serve
from somevakt.archive.noark5.tests import support as s
from somevakt.archive.noark5.transports import (
    FolderTransport,
    HttpTransport,
    TransportError,
    make_transport,
)


@pytest.fixture
def message_and_files():
    post = s.journalpost(5)
    source = s.ListSource({s.klasse(1): [(s.saksmappe(1), [post])]})
    return build_arkivmelding(journalpost=post, saksmappe=s.saksmappe(1)), source.write_document


@pytest.fixture
def archive():
    fake = FakeArchive(token="Bearer hemmelig")
    server = serve(fake)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/arkivmelding"
    yield fake
    server.shutdown()
    server.server_close()


def test_folder_drop_is_atomic_and_the_receipt_is_picked_up(tmp_path, message_and_files):
    message, write = message_and_files
    transport = FolderTransport(tmp_path)
    assert transport.deliver(message, write) is None
    assert [p.name for p in tmp_path.iterdir()] == [f"{message.name}.zip"]  # no .part left
    with zipfile.ZipFile(tmp_path / f"{message.name}.zip") as package:
        assert sorted(package.namelist()) == ["5.pdf", "arkivmelding.xml"]
    assert transport.receipt(message) is None  # the archive has not answered yet

    assert FakeArchive().process_folder(tmp_path) == 1
    receipt = transport.receipt(message)
    assert receipt.ok and receipt.registrering.system_id == message.journalpost_system_id
    assert transport.deliver(message, write) == receipt  # a second delivery changes nothing


def test_a_refusal_in_the_drop_folder_is_a_permanent_error(tmp_path, message_and_files):
    message, _write = message_and_files
    transport = FolderTransport(tmp_path)

    def wrong_bytes(objekt, target):
        target.write(b"other bytes")

    transport.deliver(message, wrong_bytes)
    FakeArchive().process_folder(tmp_path)
    with pytest.raises(TransportError, match="checksum") as error:
        transport.receipt(message)
    assert not error.value.retryable


def test_a_failed_write_leaves_no_package_behind(tmp_path, message_and_files):
    message, _write = message_and_files

    def broken(objekt, target):
        raise OSError("disk full")

    with pytest.raises(TransportError) as error:
        FolderTransport(tmp_path).deliver(message, broken)
    assert error.value.retryable
    assert list(tmp_path.iterdir()) == []


def test_http_delivery_returns_the_archives_receipt(archive, message_and_files):
    message, write = message_and_files
    transport = HttpTransport(archive.url, auth_header="Bearer hemmelig", timeout=5)
    receipt = transport.deliver(message, write)
    assert receipt.ok and receipt.registrering.registrerings_id == "2025/1"
    s.assert_valid_fiks(
        archive.received[0], "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.xsd"
    )
    again = transport.deliver(message, write)  # the outbox retried after a crash
    assert again.registrering.registrerings_id == "2025/1"


@pytest.mark.parametrize("status", [500, 502, 503, 429])
def test_server_trouble_is_retryable(archive, message_and_files, status):
    message, write = message_and_files
    archive.fail_next(status)
    transport = HttpTransport(archive.url, auth_header="Bearer hemmelig", timeout=5)
    with pytest.raises(TransportError, match=str(status)) as error:
        transport.deliver(message, write)
    assert error.value.retryable
    assert transport.deliver(message, write).ok  # and the retry goes through


def test_a_timeout_is_retryable(archive, message_and_files):
    message, write = message_and_files
    archive.delay_next(1.5)
    with pytest.raises(TransportError, match="did not answer") as error:
        HttpTransport(archive.url, auth_header="Bearer hemmelig", timeout=0.5).deliver(
            message, write
        )
    assert error.value.retryable


def test_a_refused_connection_is_retryable(message_and_files):
    message, write = message_and_files
    with pytest.raises(TransportError) as error:
        HttpTransport("http://127.0.0.1:9/arkivmelding", timeout=2).deliver(message, write)
    assert error.value.retryable


def test_wrong_credentials_are_a_permanent_error_with_the_reason(archive, message_and_files):
    message, write = message_and_files
    with pytest.raises(TransportError, match="401.*Authorization") as error:
        HttpTransport(archive.url, auth_header="Bearer feil", timeout=5).deliver(message, write)
    assert not error.value.retryable


def test_a_package_the_archive_rejects_is_a_permanent_error(archive, message_and_files):
    message, _write = message_and_files

    def missing(objekt, target):
        target.write(b"")

    with pytest.raises(TransportError) as error:
        HttpTransport(archive.url, auth_header="Bearer hemmelig", timeout=5).deliver(
            message, missing
        )
    assert not error.value.retryable and "checksum" in error.value.reason


def test_an_answer_that_is_no_receipt_is_a_permanent_error(archive, message_and_files):
    message, write = message_and_files
    url = archive.url.replace("/arkivmelding", "/_fail?status=200")
    with pytest.raises(TransportError, match="not with a valid receipt") as error:
        HttpTransport(url, timeout=5).deliver(message, write)
    assert not error.value.retryable


def test_an_address_that_is_not_http_is_refused_at_once():
    with pytest.raises(ValueError, match="not an http"):
        HttpTransport("ftp://arkiv.example.no")


def test_the_configured_transport_is_built_or_the_mistake_named(tmp_path):
    assert isinstance(make_transport("folder", folder=tmp_path), FolderTransport)
    http = make_transport("http", url="https://arkiv.example.no/api", auth_header="Bearer x")
    assert isinstance(http, HttpTransport) and http.auth_header == "Bearer x"
    with pytest.raises(ValueError, match="drop folder"):
        make_transport("folder")
    with pytest.raises(ValueError, match="Unknown archive transport 'fiks'"):
        make_transport("fiks")
