"""Render an archival unit as PDF/A-2, XML and JSON, each with its SHA-256 and size.

The PDF is self-contained and reproducible: the text is laid out in one named font
(embedded, and a clear error if it is not installed rather than a silent substitute),
nothing is ever fetched (attachments are listed by their metadata), the colour is
declared by an sRGB output intent, and every date in it comes from the unit, so the
same unit gives the same bytes on the same installation.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template import Context, Engine
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from somevakt.archive.documents.structured import unit_xml
from somevakt.archive.documents.units import (
    ArchivalUnit,
    ArchivalUnitError,
    EntryKind,
    EntryState,
    UnitKind,
)

# Named, not left to the machine: a substitute font would change the bytes silently.
FONT_FAMILY = "DejaVu Sans"
FONT_PACKAGE = "fonts-dejavu-core"
# PDF/A-2 level U: every glyph maps to Unicode, so the archived text can be searched and
# extracted, which level B alone does not promise.
PDF_VARIANT = "pdf/a-2u"

TEMPLATES = Path(__file__).resolve().parent / "templates"

KIND_LABELS = {
    UnitKind.INQUIRY: _("Inquiry with the municipality's answer (A1)"),
    UnitKind.NET_MEETING: _("Net meeting with every question and answer (A3)"),
    UnitKind.BLOG_POST: _("Blog post with all its comments (A4)"),
    UnitKind.DELETION: _("Deletion with the feedback to its author (A6)"),
    UnitKind.THREAD: _("Conversation"),
}
ENTRY_LABELS = {
    EntryKind.POST: _("Post"),
    EntryKind.COMMENT: _("Comment"),
    EntryKind.REPLY: _("Reply"),
    EntryKind.PRIVATE_MESSAGE: _("Private message"),
    EntryKind.FEEDBACK: _("Feedback to the author"),
}
STATE_LABELS = {
    EntryState.PUBLISHED: "",
    EntryState.HIDDEN: _("Hidden on the platform"),
    EntryState.DELETED: _("Deleted on the platform"),
}
MAX_DEPTH_SHOWN = 3  # deeper replies are drawn at this indent; their depth is in the XML

WEASYPRINT_LOGGER = logging.getLogger("weasyprint")
# Control characters draw nothing and have no glyph; tab and newline are layout.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class RenderError(RuntimeError):
    """The document cannot be rendered on this installation; the message says how to fix."""


@dataclass(frozen=True, slots=True)
class RenderedFile:
    name: str
    media_type: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def size(self) -> int:
        return len(self.content)


@dataclass(frozen=True, slots=True)
class RenderedUnit:
    """The three renderings of one unit; the PDF/A is the archival document, the XML and
    JSON carry the same content as data beside it."""

    pdf: RenderedFile
    xml: RenderedFile
    json: RenderedFile

    @property
    def files(self) -> tuple[RenderedFile, RenderedFile, RenderedFile]:
        return (self.pdf, self.xml, self.json)


def render_unit(unit: ArchivalUnit, *, name: str = "dokument") -> RenderedUnit:
    """All three renderings of `unit`, as files named `name`.pdf/.xml/.json."""
    return RenderedUnit(
        pdf=render_pdf(unit, name=f"{name}.pdf"),
        xml=render_xml(unit, name=f"{name}.xml"),
        json=render_json(unit, name=f"{name}.json"),
    )


def render_json(unit: ArchivalUnit, *, name: str = "dokument.json") -> RenderedFile:
    _check(unit)
    text = json.dumps(unit.as_dict(), ensure_ascii=False, indent=2, sort_keys=True)
    return RenderedFile(name, "application/json", text.encode() + b"\n")


def render_xml(unit: ArchivalUnit, *, name: str = "dokument.xml") -> RenderedFile:
    _check(unit)
    return RenderedFile(name, "application/xml", unit_xml(unit))


def render_pdf(unit: ArchivalUnit, *, name: str = "dokument.pdf") -> RenderedFile:
    _check(unit)
    content, missing = _pdf(unit, frozenset())
    if missing:
        # PDF/A forbids drawing a glyph the font lacks: such characters are written as
        # their code point instead, and the XML and JSON beside keep the text exactly.
        content, still_missing = _pdf(unit, frozenset(missing))
        if still_missing:
            raise RenderError(
                f"The archival font {FONT_FAMILY!r} lacks characters even after they were "
                f"written as code points: {sorted(still_missing)}."
            )
    return RenderedFile(name, "application/pdf", content)


def _pdf(unit: ArchivalUnit, replaced: frozenset[int]) -> tuple[bytes, set[int]]:
    """The PDF, and the code points drawn without a glyph (empty when it is PDF/A)."""
    with translation.override(unit.language):
        html = _engine().get_template("unit.html").render(Context(_context(unit, replaced)))
    fetcher = RefusingFetcher()
    with _MissingGlyphs() as missing:
        try:
            document = HTML(string=html, url_fetcher=fetcher, base_url=None).render(
                pdf_variant=PDF_VARIANT
            )
            content = document.write_pdf(pdf_variant=PDF_VARIANT, finisher=_require_font)
        except FatalURLFetchingError as error:
            raise RenderError(
                f"The document asked for outside resources: {fetcher.refused}."
            ) from error
    return content, missing.codepoints


class _MissingGlyphs(logging.Filter):
    """Collects the code points WeasyPrint drew as .notdef in this thread; the message is
    dropped, since render_pdf writes those characters as code points instead."""

    def __init__(self) -> None:
        super().__init__()
        self.codepoints: set[int] = set()
        self._thread = threading.get_ident()

    def filter(self, record: logging.LogRecord) -> bool:
        if (
            record.thread == self._thread
            and str(record.msg).startswith(".notdef")
            and isinstance(record.args, tuple)
            and len(record.args) == 2
            and isinstance(record.args[1], int)
        ):
            self.codepoints.add(record.args[1])
            return False
        return True

    def __enter__(self) -> _MissingGlyphs:
        WEASYPRINT_LOGGER.addFilter(self)
        return self

    def __exit__(self, *exc: object) -> None:
        WEASYPRINT_LOGGER.removeFilter(self)


class RefusingFetcher(URLFetcher):
    """Fetches nothing, ever: an archival document must not depend on anything outside
    it, and an attempt stops the rendering."""

    def __init__(self) -> None:
        super().__init__(fail_on_errors=True)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> Any:
        self.refused.append(url)
        raise RenderError(f"Refused to fetch {url}: an archival document is self-contained.")


def _check(unit: ArchivalUnit) -> None:
    if not isinstance(unit, ArchivalUnit):
        raise ArchivalUnitError(
            f"Only an ArchivalUnit can be rendered, not {type(unit).__name__}: build one "
            "with somevakt.archive.documents.from_inbox."
        )


def _require_font(document: Any, pdf: Any) -> None:
    """Refuse a PDF whose text was set in anything but FONT_FAMILY (a fallback font)."""
    families = {font.family for font in document.fonts.values()}
    if families != {FONT_FAMILY}:
        missing = FONT_FAMILY not in families
        raise RenderError(
            f"The archival font {FONT_FAMILY!r} "
            + ("is not installed" if missing else "does not cover every character")
            + f"; the text was set in {sorted(families)}. "
            + (
                f"Install it (Debian: apt-get install {FONT_PACKAGE})."
                if missing
                else "Report the text that needs another font."
            )
        )


_ENGINE: Engine | None = None


def _engine() -> Engine:
    global _ENGINE
    if _ENGINE is None:
        # An engine of its own: the document's template does not depend on which apps
        # are installed or which context processors run for web pages.
        _ENGINE = Engine(
            dirs=[str(TEMPLATES)],
            libraries={"i18n": "django.templatetags.i18n"},
            autoescape=True,
        )
    return _ENGINE


def _context(unit: ArchivalUnit, replaced: frozenset[int]) -> dict[str, Any]:
    from somevakt.sources.models import ChannelType, Platform

    zone = ZoneInfo(settings.TIME_ZONE)

    def shown(value: object) -> str:
        """`value` as the PDF can draw it: a character without a glyph as its code point."""
        text = str(value)
        if replaced:
            text = "".join(f"[U+{ord(ch):04X}]" if ord(ch) in replaced else ch for ch in text)
        return _CONTROL.sub(lambda m: f"[U+{ord(m[0]):04X}]", text)

    def when(moment: datetime | None) -> str:
        if moment is None:
            return ""
        local = moment.astimezone(zone)
        offset = local.strftime("%z")
        return f"{local:%d.%m.%Y %H:%M:%S} (UTC{offset[:3]}:{offset[3:]})"

    entries = []
    for entry in unit.entries:
        entries.append(
            {
                "ref": shown(entry.ref),
                "author": shown(entry.author_name or entry.author_ref or "–"),
                "by_municipality": entry.by_municipality,
                "kind_label": ENTRY_LABELS[entry.kind],
                "published_at": when(entry.published_at),
                "state_label": STATE_LABELS[entry.state],
                "state_at": when(entry.state_at),
                "depth": min(entry.depth, MAX_DEPTH_SHOWN),
                "versions": [
                    {
                        "number": number,
                        "text": shown(version.text),
                        "written_at": when(version.written_at),
                        "links": [shown(link) for link in version.links],
                        "attachments": [
                            {
                                "type": shown(a.type),
                                "name": shown(a.name),
                                "mime_type": shown(a.mime_type),
                                "size": a.size,
                                "url": shown(a.url),
                            }
                            for a in version.attachments
                        ],
                    }
                    for number, version in enumerate(entry.versions, start=1)
                ],
            }
        )
    deletion = None
    if unit.deletion is not None:
        d = unit.deletion
        deletion = {
            "rules": [shown(rule) for rule in d.rules],
            "reason": shown(d.reason),
            "proposed_at": when(d.proposed_at),
            "proposed_by": shown(d.proposed_by),
            "approved_at": when(d.approved_at),
            "approved_by": shown(d.approved_by),
            "executed_at": when(d.executed_at),
            "feedback_route": shown(d.feedback_route),
            "feedback_sent_at": when(d.feedback_sent_at),
            "feedback_text": shown(d.feedback_text),
        }
    platform = Platform(unit.platform).label if unit.platform in Platform.values else None
    channel_type = (
        ChannelType(unit.channel_type).label if unit.channel_type in ChannelType.values else ""
    )
    producer = unit.produced_by
    return {
        "language": unit.language,
        "title": shown(unit.title),
        "municipality": shown(unit.municipality),
        "kind": unit.kind.value,
        "platform": shown(unit.platform),
        "channel_name": shown(unit.channel_name),
        "channel_address": shown(unit.channel_address),
        "policy_version": unit.policy_version,
        "producer": shown(f"{producer.software} {producer.software_version} ({producer.source})"),
        "generator": shown(f"{producer.software} {producer.software_version}"),
        "metadata": [(shown(key), shown(value)) for key, value in unit.metadata],
        "replaced": bool(replaced) or any(_CONTROL.search(t) for t in _texts(unit)),
        "font": FONT_FAMILY,
        "kind_label": KIND_LABELS[unit.kind],
        "platform_label": shown(platform or unit.platform),
        "channel_type_label": shown(channel_type or unit.channel_type),
        "started_at": when(unit.started_at),
        "created_at": when(unit.created_at),
        "created_w3c": unit.created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "footer_css": _css_string(shown(f"{unit.municipality} · {unit.title}")[:120]),
        "deletion": deletion,
        "entries": entries,
    }


def _texts(unit: ArchivalUnit) -> list[str]:
    return [version.text for entry in unit.entries for version in entry.versions]


def _css_string(text: str) -> SafeString:
    """`text` as a CSS string literal that cannot end the string or the style element."""
    escaped = "".join(
        ch if ch.isalnum() or ch in " .,:;·-_()/" else f"\\{ord(ch):06x}" for ch in text
    )
    return mark_safe(f'"{escaped}"')  # noqa: S308 - every other character is escaped above
