"""export_arkivuttrekk: write a whole Noark 5 deposit folder, streaming.

The folder gets arkivstruktur.xml, endringslogg.xml, loependeJournal.xml,
offentligJournal.xml, arkivuttrekk.xml (ADDML), the schemas unmodified under their
standard names, and every document file under DOKUMENT/ as the dokumentobjekt names
it. Each document's size and SHA-256 are checked as it is written, so a deposit never
claims a checksum its file does not have.
"""

import hashlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from .addml import DepositInfo, write_addml
from .records import (
    DepositSource,
    DocumentWriter,
    Dokumentobjekt,
    ExportCounts,
    Journalpost,
    Noark5Error,
    Saksmappe,
)
from .writers import (
    JournalHead,
    journal_entries,
    write_arkivstruktur,
    write_endringslogg,
    write_loepende_journal,
    write_offentlig_journal,
)
from .xml import NOARK5_SCHEMAS

# The schemas a deposit carries (ADDML lists them all except addml.xsd).
DEPOSIT_SCHEMAS = (
    "arkivstruktur.xsd",
    "metadatakatalog.xsd",
    "endringslogg.xsd",
    "loependeJournal.xsd",
    "offentligJournal.xsd",
    "addml.xsd",
)

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total): stage is the file being written; the documents are
written with arkivstruktur.xml."""


@dataclass(frozen=True)
class ExportResult:
    directory: Path
    counts: ExportCounts


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class _HashingWriter:
    """A binary file that hashes and counts what is written to it."""

    def __init__(self, handle: BinaryIO):
        self.handle = handle
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        self.size += len(data)
        return self.handle.write(data)


def _write_document(directory: Path, objekt: Dokumentobjekt, write: DocumentWriter) -> None:
    target = directory / objekt.referanse_dokumentfil
    if not objekt.referanse_dokumentfil.startswith("DOKUMENT/"):
        raise Noark5Error(
            f"Dokumentobjekt {objekt.system_id}: referanse_dokumentfil must lie under "
            f"DOKUMENT/, got {objekt.referanse_dokumentfil!r}"
        )
    if target.exists():
        raise Noark5Error(
            f"Two dokumentobjekter name the same file {objekt.referanse_dokumentfil!r}"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as handle:
        hashing = _HashingWriter(handle)
        write(objekt, hashing)  # type: ignore[arg-type]
    if hashing.digest.hexdigest() != objekt.sjekksum or hashing.size != objekt.filstoerrelse:
        raise Noark5Error(
            f"Document file {objekt.referanse_dokumentfil}: its record says SHA-256 "
            f"{objekt.sjekksum} and {objekt.filstoerrelse} bytes, the file written has "
            f"{hashing.digest.hexdigest()} and {hashing.size} bytes"
        )


def export_arkivuttrekk(
    directory: Path,
    source: DepositSource,
    *,
    period_start: date,
    period_end: date,
    write_document: DocumentWriter,
    system_name: str = "somevakt",
    progress: Progress | None = None,
) -> ExportResult:
    """Write the deposit for `source` into `directory` (created if missing; refused if
    it holds anything). On an error the partial folder is left for inspection and the
    error names the record; nothing outside `directory` is touched."""
    directory = Path(directory)
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise Noark5Error(
            f"{directory} is not an empty folder; choose a new or empty folder so that "
            "no earlier deposit is overwritten"
        )
    directory.mkdir(parents=True, exist_ok=True)
    total = source.count_journalposter()

    def report(stage: str) -> Callable[[str, int], None] | None:
        if progress is None:
            return None
        return lambda _stage, done: progress(stage, done, total)

    screened = False
    documents = 0

    def documents_of(post: Journalpost, mappe: Saksmappe) -> None:
        nonlocal screened, documents
        screened = screened or bool(post.skjerming) or bool(mappe.skjerming)
        screened = screened or any(part.skjermet for part in post.korrespondanseparter)
        for beskrivelse in post.dokumentbeskrivelser:
            screened = screened or bool(beskrivelse.skjerming)
            for objekt in beskrivelse.dokumentobjekter:
                _write_document(directory, objekt, write_document)
                documents += 1

    counts = write_arkivstruktur(
        directory / "arkivstruktur.xml",
        source,
        progress=report("arkivstruktur.xml"),
        on_journalpost=documents_of,
    )
    counts.dokumentfiler = documents
    if counts.registreringer != total:
        raise Noark5Error(
            f"count_journalposter() said {total} but the source gave "
            f"{counts.registreringer} journalposter"
        )
    counts.endringer = write_endringslogg(directory / "endringslogg.xml", source.endringer())
    head = JournalHead(
        start=period_start,
        end=period_end,
        antall_journalposter=total,
        arkivskaper=source.arkiv.arkivskaper,
    )
    counts.journalregistreringer = write_loepende_journal(
        directory / "loependeJournal.xml",
        head,
        journal_entries(source),
        progress=report("loependeJournal.xml"),
    )
    counts.offentlige_journalregistreringer = write_offentlig_journal(
        directory / "offentligJournal.xml",
        head,
        journal_entries(source),
        progress=report("offentligJournal.xml"),
    )

    for name in DEPOSIT_SCHEMAS:
        shutil.copyfile(NOARK5_SCHEMAS / name, directory / name)
    for name in sorted(p.name for p in directory.iterdir() if p.is_file()):
        if name not in ("arkivuttrekk.xml", "addml.xsd"):
            counts.files[name] = sha256_file(directory / name)
    write_addml(
        directory / "arkivuttrekk.xml",
        DepositInfo(
            arkivskapere=tuple(s.navn for s in source.arkiv.arkivskaper),
            system_name=system_name,
            archive_name=source.arkiv.tittel,
            period_start=period_start,
            period_end=period_end,
            inneholder_skjermet_informasjon=screened,
        ),
        counts,
    )
    return ExportResult(directory=directory, counts=counts)
