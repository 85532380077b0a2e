"""Archival units built by hand, without a database, and helpers that read a PDF back."""

import datetime
import io

import pikepdf
import pypdf
import pytest

from somevakt.archive.documents.units import (
    ArchivalUnit,
    Attachment,
    Deletion,
    Entry,
    EntryKind,
    EntryState,
    Producer,
    UnitKind,
    Version,
)

T0 = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC)
POLICY = "ab" * 32
MINUTE = datetime.timedelta(minutes=1)


def post(text="Velkommen til nettmøte om skolestruktur. Still spørsmål her!", **fields):
    values = {
        "ref": "p1",
        "kind": EntryKind.POST,
        "author_name": "Rakkestad kommune",
        "author_ref": "100200300",
        "by_municipality": True,
        "published_at": T0,
        "versions": (Version(text, T0),),
    }
    values.update(fields)
    return Entry(**values)


def comment(number, text=None, *, minutes=None, **fields):
    at = T0 + MINUTE * (minutes if minutes is not None else number)
    values = {
        "ref": f"c{number}",
        "kind": EntryKind.COMMENT,
        "author_name": f"Innbygger {number}",
        "author_ref": f"u{number}",
        "by_municipality": False,
        "published_at": at,
        "versions": (Version(text or f"Spørsmål nummer {number}: når åpner skolen?", at),),
        "parent_ref": "p1",
        "depth": 1,
    }
    values.update(fields)
    return Entry(**values)


def make_unit(kind=UnitKind.THREAD, entries=None, **fields):
    values = {
        "kind": kind,
        "title": "Nettmøte om skolestruktur",
        "municipality": "Rakkestad kommune",
        "platform": "facebook",
        "channel_name": "Rakkestad kommune",
        "channel_address": "https://www.facebook.com/rakkestadkommune",
        "channel_type": "main_page",
        "entries": entries if entries is not None else (post(), comment(1)),
        "policy_version": POLICY,
        "produced_by": Producer("somevakt", "0.1.0", "inbox.Thread 1"),
    }
    values.update(fields)
    return ArchivalUnit(**values)


def units_of_every_kind():
    """One unit for each rule that makes a document (A1, A3, A4, A6) and a plain thread."""
    answer = comment(
        2, "Hei! Vi svarer på e-post innen tre virkedager.", by_municipality=True, depth=2
    )
    inquiry = make_unit(
        UnitKind.INQUIRY,
        (post("Hvordan søker jeg om skoleskyss?", by_municipality=False), answer),
        title="Hvordan søker jeg om skoleskyss?",
    )
    unanswered = comment(3, "Et spørsmål ingen har svart på ennå?")
    meeting = make_unit(
        UnitKind.NET_MEETING,
        (post(), comment(1), answer, unanswered),
        platform="net_meeting",
        channel_type="net_meeting",
    )
    blog = make_unit(
        UnitKind.BLOG_POST,
        (post("Ordføreren blogger om budsjettet."), comment(1), comment(2)),
        platform="wordpress",
        channel_type="blog",
        title="Ordførerens blogg: budsjettet",
    )
    deleted = comment(
        9, "Du er en idiot, ordfører.", state=EntryState.DELETED, state_at=T0 + 31 * MINUTE
    )
    feedback = Entry(
        ref="feedback-1",
        kind=EntryKind.FEEDBACK,
        author_name="Rakkestad kommune",
        by_municipality=True,
        published_at=T0 + 40 * MINUTE,
        versions=(Version("Hei! Innlegget ditt er slettet (regel D5).", T0 + 40 * MINUTE),),
        parent_ref="c9",
        depth=1,
    )
    deletion = make_unit(
        UnitKind.DELETION,
        (deleted, feedback),
        title="Sletting i Rakkestad kommune, 23.11.2026",
        deletion=Deletion(
            rules=("D5",),
            reason="Kaller ordføreren idiot",
            proposed_at=T0 + 20 * MINUTE,
            approved_at=T0 + 30 * MINUTE,
            feedback_text="Hei! Innlegget ditt er slettet (regel D5).",
            proposed_by="arne",
            approved_by="ingrid",
            executed_at=T0 + 31 * MINUTE,
            feedback_route="Svar på plattformen",
            feedback_sent_at=T0 + 40 * MINUTE,
        ),
    )
    thread = make_unit(
        UnitKind.THREAD,
        (
            post(),
            comment(
                1,
                versions=(
                    Version("Første utgave", T0 + MINUTE),
                    Version(
                        "Andre utgave med vedlegg",
                        T0 + 2 * MINUTE,
                        links=("https://example.org/sak",),
                        attachments=(
                            Attachment(
                                "photo",
                                "bilde.jpg",
                                "image/jpeg",
                                2048,
                                "https://cdn.example.org/b.jpg",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    )
    return {
        "inquiry": inquiry,
        "net_meeting": meeting,
        "blog_post": blog,
        "deletion": deletion,
        "thread": thread,
    }


@pytest.fixture
def every_kind():
    return units_of_every_kind()


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_open(content: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(content))
