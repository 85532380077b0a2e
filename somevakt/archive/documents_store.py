"""Documents of an archived unit: rendered by somevakt.archive.documents (PDF/A-2 and the
structured XML and JSON beside it), kept under SOMEVAKT_ARCHIVE_DIR and described as
Noark 5 dokumentbeskrivelse/dokumentobjekt with their SHA-256 and size."""

from django.utils import timezone

from somevakt.archive.documents.from_inbox import unit_from_deletion, unit_from_thread
from somevakt.archive.documents.render import RenderedFile, render_unit
from somevakt.archive.documents.units import UnitKind as DocumentKind
from somevakt.archive.models import (
    ArchiveDecision,
    Dokumentbeskrivelse,
    Dokumentobjekt,
    UnitKind,
)
from somevakt.archive.noark5 import records
from somevakt.archive.storage import archive_path

# PRONOM: PDF/A-2u is fmt/478; the structured XML beside it is plain XML (fmt/101).
PRONOM_PDFA_2U = "fmt/478"
_KINDS = {
    UnitKind.INQUIRY: DocumentKind.INQUIRY,
    UnitKind.THREAD: DocumentKind.THREAD,
    UnitKind.NET_MEETING: DocumentKind.NET_MEETING,
    UnitKind.BLOG_POST: DocumentKind.BLOG_POST,
}


def _store(folder: str, file: RenderedFile) -> str:
    relative = f"{folder}/{file.name}"
    target = archive_path(relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(file.content)
    return relative


def documents_store(*, decision: ArchiveDecision, created_by: str) -> list[Dokumentbeskrivelse]:
    """Render the decision's unit and describe its files: the PDF/A as the main document,
    the structured XML as an attachment; the JSON is kept beside them for the API."""
    if decision.deletion_record_id is not None:
        unit = unit_from_deletion(record_id=decision.deletion_record_id)
    elif decision.thread_id is not None:
        unit = unit_from_thread(
            thread_id=decision.thread_id,
            kind=_KINDS[UnitKind(decision.unit_kind)],
            policy=decision.policy_version,
        )
    else:
        raise ValueError(f"Decision {decision.pk} has neither a conversation nor a deletion")
    rendered = render_unit(unit, name="dokument")
    now = timezone.now()
    hoved = Dokumentbeskrivelse.objects.create(
        decision=decision,
        dokumentnummer=1,
        tittel=unit.title[:500],
        tilknyttet_registrering_som=records.TilknyttetRegistreringSom.HOVEDDOKUMENT.value,
        opprettet_av=created_by,
    )
    folder = f"{now:%Y}/{hoved.system_id}"
    vedlegg = Dokumentbeskrivelse.objects.create(
        decision=decision,
        dokumentnummer=2,
        tittel=f"{unit.title[:460]} (strukturert XML)",
        tilknyttet_registrering_som=records.TilknyttetRegistreringSom.VEDLEGG.value,
        opprettet_av=created_by,
    )
    for beskrivelse, file, pronom in (
        (hoved, rendered.pdf, PRONOM_PDFA_2U),
        (vedlegg, rendered.xml, records.PRONOM_XML),
    ):
        Dokumentobjekt.objects.create(
            dokumentbeskrivelse=beskrivelse,
            format=pronom,
            mime_type=file.media_type,
            path=_store(folder, file),
            sjekksum=file.sha256,
            filstoerrelse=file.size,
            opprettet_av=created_by,
        )
    _store(folder, rendered.json)
    return [hoved, vedlegg]
