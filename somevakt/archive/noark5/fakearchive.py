"""A local stand-in for a municipality's archive system, for the demo and the tests.

It receives arkivmelding packages (HTTP POST of the zip, or a drop folder it scans),
checks each against the Fiks Arkiv XSD and the files it announces, numbers journalposts
per year as an archive does, and answers with a valid receipt. A message it has
already archived is answered «Eksisterende» with the first numbers. Failures can be
injected to test retries: `fail_next(status, count)` or POST /_fail?status=503&count=2;
`delay_next(seconds)` answers slowly to provoke a timeout.
"""

import hashlib
import io
import threading
import time
import urllib.parse
import zipfile
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from lxml import etree

from .arkivmelding import NS_ARKIVMELDING, build_feil_kvittering, build_kvittering
from .transports import PACKAGE_SUFFIX, RECEIPT_SUFFIX
from .validation import ARKIVMELDING, errors, fiks_arkiv_schema

_M = f"{{{NS_ARKIVMELDING}}}"


class Refused(Exception):
    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass
class FakeArchive:
    token: str = ""
    received: list[bytes] = field(default_factory=list)
    failures: list[int] = field(default_factory=list)
    delays: list[float] = field(default_factory=list)
    numbers: dict[str, tuple[int, int]] = field(default_factory=dict)
    sequence: dict[int, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fail_next(self, status: int = 503, count: int = 1) -> None:
        with self.lock:
            self.failures += [status] * count

    def delay_next(self, seconds: float, count: int = 1) -> None:
        with self.lock:
            self.delays += [seconds] * count

    def receive(self, package: bytes) -> bytes:
        """Check a package and archive it; the receipt, or Refused(status, reason)."""
        try:
            with zipfile.ZipFile(io.BytesIO(package)) as archive:
                members = {name: archive.read(name) for name in archive.namelist()}
        except zipfile.BadZipFile:
            raise Refused(400, "The body is not a zip package") from None
        xml = members.pop("arkivmelding.xml", None)
        if xml is None:
            raise Refused(400, "The package holds no arkivmelding.xml")
        problems = errors(xml, fiks_arkiv_schema(ARKIVMELDING))
        if problems:
            raise Refused(400, "Invalid arkivmelding: " + "; ".join(problems))
        root = etree.fromstring(xml)
        announced = int(root.findtext(_M + "antallFiler") or 0)
        if announced != len(members):
            raise Refused(400, f"antallFiler is {announced} but the package has {len(members)}")
        for objekt in root.iter(_M + "dokumentobjekt"):
            name = objekt.findtext(_M + "referanseDokumentfil")
            if name not in members:
                raise Refused(400, f"The file {name} named by the message is missing")
            checksum = objekt.findtext(_M + "sjekksum")
            if checksum and hashlib.sha256(members[name]).hexdigest() != checksum:
                return build_feil_kvittering(
                    xml, feil_id="sjekksum", feilmelding=f"The checksum of {name} does not match"
                )
        with self.lock:
            self.received.append(xml)
            key = root.findtext(f"{_M}registrering/{_M}systemID") or ""
            if key not in self.numbers:
                year = int(root.findtext(f"{_M}registrering/{_M}journalaar") or 2025)
                self.sequence[year] = self.sequence.get(year, 0) + 1
                self.numbers[key] = (year, self.sequence[year])
            year, number = self.numbers[key]
        return build_kvittering(xml, journalaar=year, journalsekvensnummer=number)

    def handle_post(self, path: str, body: bytes, authorization: str) -> tuple[int, bytes]:
        url = urllib.parse.urlsplit(path)
        if url.path == "/_fail":
            query = dict(urllib.parse.parse_qsl(url.query))
            self.fail_next(int(query.get("status", 503)), int(query.get("count", 1)))
            return 200, b"ok"
        with self.lock:
            status = self.failures.pop(0) if self.failures else None
            delay = self.delays.pop(0) if self.delays else 0.0
        if delay:
            time.sleep(delay)
        if status is not None:
            return status, f"Injected failure {status}".encode()
        if self.token and authorization != self.token:
            return 401, b"Missing or wrong Authorization header"
        try:
            return 200, self.receive(body)
        except Refused as refused:
            return refused.status, refused.reason.encode()

    def process_folder(self, folder: Path) -> int:
        """Pick up every complete package in a drop folder and write its receipt (a
        refusal becomes a receipt with registreringFeilet). Returns how many."""
        done = 0
        for package in sorted(Path(folder).glob(f"*{PACKAGE_SUFFIX}")):
            name = package.name.removesuffix(PACKAGE_SUFFIX)
            receipt = package.with_name(name + RECEIPT_SUFFIX)
            if receipt.exists():
                continue
            data = package.read_bytes()
            try:
                answer = self.receive(data)
            except Refused as refused:
                answer = _refusal(data, refused.reason)
            temporary = receipt.with_name("." + receipt.name + ".part")
            temporary.write_bytes(answer)
            temporary.replace(receipt)
            done += 1
        return done


def _refusal(package: bytes, reason: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        xml = archive.read("arkivmelding.xml")
    return build_feil_kvittering(xml, feil_id="ugyldig", feilmelding=reason)


def serve(archive: FakeArchive, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    """A server for `archive` (port 0 picks a free one); call serve_forever() to run it."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the http.server name
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            status, answer = archive.handle_post(
                self.path, body, self.headers.get("Authorization", "")
            )
            kind = "application/xml" if answer.startswith(b"<?xml") else "text/plain"
            self.send_response(status)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            try:
                self.wfile.write(answer)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test)

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

    return ThreadingHTTPServer((host, port), Handler)
