"""What the Noark 5 tests share: the official schemas, a source made of lists, records."""

import hashlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import BinaryIO

import xmlschema
from lxml import etree

from somevakt.archive.noark5 import records as r
from somevakt.archive.noark5.synthetic import SyntheticSource

# The official XSDs: the project's reference copies (shared/ beside the repository) where
# they are, else the copies shipped in the package, which a test proves equal to them.
REFERENCE = Path(__file__).resolve().parents[5] / "shared" / "schemas"
OFFICIAL = REFERENCE if REFERENCE.is_dir() else Path(__file__).resolve().parents[1] / "schemas"
NOARK5 = OFFICIAL / "noark5" / "v5_0"
FIKS_ARKIV = OFFICIAL / "fiks-arkiv" / "v1"
XSD_FOR = {
    "arkivstruktur.xml": "arkivstruktur.xsd",
    "endringslogg.xml": "endringslogg.xsd",
    "loependeJournal.xml": "loependeJournal.xsd",
    "offentligJournal.xml": "offentligJournal.xsd",
    "arkivuttrekk.xml": "addml.xsd",
}
WHEN = datetime(2025, 3, 4, 10, 15, tzinfo=UTC)


@cache
def official(path: Path) -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(path.resolve()), allow="sandbox")


def assert_valid_deposit_file(path: Path) -> None:
    schema = official(NOARK5 / XSD_FOR[path.name])
    problems = [f"{e.path}: {e.reason}" for e in schema.iter_errors(str(path))][:5]
    assert not problems, f"{path.name}: {problems}"


def assert_valid_fiks(xml: bytes, xsd: str) -> None:
    schema = official(FIKS_ARKIV / xsd)
    resource = xmlschema.XMLResource(xml.decode(), allow="none")
    problems = [f"{e.path}: {e.reason}" for e in schema.iter_errors(resource)][:5]
    assert not problems, problems


def count(path: Path, local_name: str) -> int:
    return sum(
        1
        for _event, node in etree.iterparse(str(path))
        if isinstance(node.tag, str) and etree.QName(node).localname == local_name
    )


def sid() -> str:
    return str(uuid.uuid4())


def content_for(objekt_number: int) -> bytes:
    return f"%PDF-1.7 test document {objekt_number}\n".encode()


def dokumentbeskrivelse(number: int, *, skjerming: r.Skjerming | None = None):
    data = content_for(number)
    return r.Dokumentbeskrivelse(
        system_id=sid(),
        dokumenttype="Henvendelse i sosiale medier",
        dokumentstatus=r.Dokumentstatus.FERDIGSTILT,
        tittel=f"Samtale {number}",
        opprettet_dato=WHEN,
        opprettet_av="arkivar",
        tilknyttet_registrering_som=r.TilknyttetRegistreringSom.HOVEDDOKUMENT,
        dokumentnummer=1,
        tilknyttet_dato=WHEN,
        tilknyttet_av="arkivar",
        skjerming=skjerming,
        dokumentobjekter=(
            r.Dokumentobjekt(
                system_id=sid(),
                versjonsnummer=1,
                variantformat=r.Variantformat.ARKIVFORMAT,
                format=r.PRONOM_PDFA_2B,
                opprettet_dato=WHEN,
                opprettet_av="arkivar",
                referanse_dokumentfil=f"DOKUMENT/{number}.pdf",
                sjekksum=hashlib.sha256(data).hexdigest(),
                filstoerrelse=len(data),
            ),
        ),
    )


def journalpost(number: int, **changes) -> r.Journalpost:
    post = r.Journalpost(
        system_id=sid(),
        journalaar=2025,
        journalsekvensnummer=number,
        journalpostnummer=1,
        journalposttype=r.Journalposttype.INNGAAENDE,
        journalstatus=r.Journalstatus.ARKIVERT,
        journaldato=date(2025, 3, 4),
        tittel=f"Spørsmål om brøyting {number}",
        opprettet_dato=WHEN,
        opprettet_av="informasjonsansvarlig",
        arkivert_dato=WHEN,
        arkivert_av="arkivar",
        korrespondanseparter=(
            r.Korrespondansepart(r.Korrespondanseparttype.AVSENDER, f"Kari Nordmann {number}"),
        ),
        dokumentbeskrivelser=(dokumentbeskrivelse(number),),
    )
    return replace(post, **changes)


def saksmappe(number: int, **changes) -> r.Saksmappe:
    mappe = r.Saksmappe(
        system_id=sid(),
        saksaar=2025,
        sakssekvensnummer=number,
        tittel=f"Henvendelser på Facebook {number}",
        saksdato=date(2025, 1, 2),
        opprettet_dato=WHEN,
        opprettet_av="informasjonsansvarlig",
        administrativ_enhet="Kommunikasjon",
        saksansvarlig="informasjonsansvarlig",
        saksstatus=r.Saksstatus.AVSLUTTET,
        avsluttet_dato=WHEN,
        avsluttet_av="arkivar",
    )
    return replace(mappe, **changes)


@dataclass
class ListSource:
    """A DepositSource over lists: {klasse: [(saksmappe, [journalpost, …]), …]}."""

    tree: dict[r.Klasse, list[tuple[r.Saksmappe, list[r.Journalpost]]]]
    endring_list: list[r.Endring] = field(default_factory=list)
    base: SyntheticSource = field(default_factory=SyntheticSource)

    def __post_init__(self) -> None:
        self.arkiv = self.base.arkiv
        self.arkivdel = self.base.arkivdel
        self.klassifikasjonssystem = self.base.klassifikasjonssystem
        self.contents = {
            o.referanse_dokumentfil: content_for(int(o.filnavn.removesuffix(".pdf")))
            for mapper in self.tree.values()
            for _mappe, posts in mapper
            for post in posts
            for d in post.dokumentbeskrivelser
            for o in d.dokumentobjekter
        }

    def klasser(self) -> Iterator[r.Klasse]:
        yield from self.tree

    def saksmapper(self, klasse: r.Klasse) -> Iterator[r.Saksmappe]:
        for mappe, _posts in self.tree[klasse]:
            yield mappe

    def journalposter(self, saksmappe: r.Saksmappe) -> Iterator[r.Journalpost]:
        for mapper in self.tree.values():
            for mappe, posts in mapper:
                if mappe.system_id == saksmappe.system_id:
                    yield from posts

    def endringer(self) -> Iterator[r.Endring]:
        yield from self.endring_list

    def count_journalposter(self) -> int:
        return sum(len(posts) for mapper in self.tree.values() for _m, posts in mapper)

    def write_document(self, objekt: r.Dokumentobjekt, target: BinaryIO) -> None:
        target.write(self.contents[objekt.referanse_dokumentfil])


def klasse(number: int) -> r.Klasse:
    return r.Klasse(
        system_id=sid(),
        klasse_id=f"0{number}",
        tittel=f"Klasse {number}",
        opprettet_dato=WHEN,
        opprettet_av="arkivar",
    )
