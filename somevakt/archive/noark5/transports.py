"""How an arkivmelding reaches the municipality's archive system.

A message travels as a package: a zip with `arkivmelding.xml` and each document file
under the name the message gives it (as Fiks IO carries Fiks Arkiv messages). Two
transports: a folder drop (the default; the archive system picks the package up and
writes its receipt beside it) and HTTP (POST to the archive system's API, which
answers with the receipt). A TransportError says whether trying again can help.
"""

import os
import tempfile
import urllib.error
import urllib.request
import zipfile
from pathlib import Path
from typing import IO, Protocol

from .arkivmelding import MESSAGE_TYPE, Kvittering, KvitteringError, Message, parse_kvittering
from .records import DocumentWriter, Noark5Error

RECEIPT_SUFFIX = ".kvittering.xml"
PACKAGE_SUFFIX = ".zip"


class TransportError(Noark5Error):
    """Delivery failed. `retryable`: a later attempt may succeed (the archive was down,
    busy or slow); otherwise a person must act on `reason`. `kvittering` is the
    archive's refusal, when it sent one."""

    def __init__(self, reason: str, *, retryable: bool, kvittering: Kvittering | None = None):
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable
        self.kvittering = kvittering


class Transport(Protocol):
    def deliver(self, message: Message, write_document: DocumentWriter) -> Kvittering | None:
        """Hand the message over. Returns the receipt if the archive answered at once,
        None if it will answer later (see `receipt`). Raises TransportError."""
        ...

    def receipt(self, message: Message) -> Kvittering | None:
        """The archive's receipt for a delivered message, once there is one."""
        ...


def write_package(message: Message, write_document: DocumentWriter, target: IO[bytes]) -> None:
    """The zip: arkivmelding.xml and the files the message announces (antallFiler)."""
    names = [objekt.filnavn for objekt in message.files]
    if len(set(names)) != len(names):
        raise Noark5Error(f"Message {message.name}: two documents share a file name")
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("arkivmelding.xml", message.xml)
        for objekt in message.files:
            with package.open(objekt.filnavn, "w") as member:
                write_document(objekt, member)  # type: ignore[arg-type]


def _accepted(kvittering: Kvittering) -> Kvittering:
    if not kvittering.ok:
        feil = kvittering.registrering_feilet or kvittering.mappe_feilet
        assert feil is not None  # noqa: S101 - .ok is False only with a feil
        raise TransportError(
            f"The archive refused the message: {feil.feilmelding} (feilId {feil.feil_id})",
            retryable=False,
            kvittering=kvittering,
        )
    return kvittering


class FolderTransport:
    """Drops each package atomically into `folder` (written to a hidden temporary file,
    then renamed, so the archive never sees half a package) and reads the receipt the
    archive system writes as `<name>.kvittering.xml` beside it."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def deliver(self, message: Message, write_document: DocumentWriter) -> Kvittering | None:
        existing = self.receipt(message)
        if existing is not None:  # delivered before, e.g. by a worker that then died
            return existing
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle = tempfile.NamedTemporaryFile(
                dir=self.folder, prefix=f".{message.name}.", suffix=".part", delete=False
            )
        except OSError as error:
            raise TransportError(
                f"Cannot write to the drop folder {self.folder}: {error}", retryable=True
            ) from error
        temporary = Path(handle.name)
        try:
            with handle:
                write_package(message, write_document, handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self.folder / f"{message.name}{PACKAGE_SUFFIX}")
        except OSError as error:
            temporary.unlink(missing_ok=True)
            raise TransportError(
                f"Cannot drop {message.name} into {self.folder}: {error}", retryable=True
            ) from error
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        return None

    def receipt(self, message: Message) -> Kvittering | None:
        path = self.folder / f"{message.name}{RECEIPT_SUFFIX}"
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        try:
            return _accepted(parse_kvittering(data))
        except KvitteringError as error:
            raise TransportError(f"{path}: {error}", retryable=False) from error


class HttpTransport:
    """POSTs the package to the archive system's API. 2xx with a receipt: delivered;
    5xx, 429, timeouts and refused connections: retryable; other 4xx: permanent, with
    the archive's reason."""

    def __init__(self, url: str, *, auth_header: str = "", timeout: float = 30.0):
        if not url.startswith(("http://", "https://")):
            raise Noark5Error(
                f"The archive API address {url!r} is not an http(s) URL; set it to e.g. "
                "https://arkiv.example.no/api/arkivmelding"
            )
        self.url = url
        self.auth_header = auth_header
        self.timeout = timeout

    def deliver(self, message: Message, write_document: DocumentWriter) -> Kvittering | None:
        with tempfile.TemporaryFile() as package:
            write_package(message, write_document, package)
            size = package.tell()
            package.seek(0)
            request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
                self.url,
                data=package,
                method="POST",
                headers={
                    "Content-Type": "application/zip",
                    "Content-Length": str(size),
                    "Idempotency-Key": message.key,
                    "X-Fiks-Meldingstype": MESSAGE_TYPE,
                    **({"Authorization": self.auth_header} if self.auth_header else {}),
                },
            )
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                    body = response.read()
            except urllib.error.HTTPError as error:
                reason = error.read(2000).decode("utf-8", "replace").strip() or error.reason
                retryable = error.code >= 500 or error.code in (408, 429)
                raise TransportError(
                    f"The archive answered HTTP {error.code}: {reason}", retryable=retryable
                ) from error
            except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
                why = getattr(error, "reason", None) or error
                raise TransportError(
                    f"The archive at {self.url} did not answer: {why}", retryable=True
                ) from error
        try:
            return _accepted(parse_kvittering(body))
        except KvitteringError as error:
            raise TransportError(
                f"The archive answered, but not with a valid receipt: {error}", retryable=False
            ) from error

    def receipt(self, message: Message) -> Kvittering | None:
        return None  # the receipt comes with the answer to deliver()


def make_transport(
    kind: str, *, folder: str | Path = "", url: str = "", auth_header: str = "", timeout: float = 30
) -> Transport:
    """The transport configuration names: «folder» (a drop folder) or «http» (an API)."""
    if kind == "folder":
        if not str(folder):
            raise Noark5Error("The folder transport needs a drop folder; set its path")
        return FolderTransport(Path(folder))
    if kind == "http":
        return HttpTransport(url, auth_header=auth_header, timeout=timeout)
    raise Noark5Error(f"Unknown archive transport {kind!r}; use «folder» or «http»")
