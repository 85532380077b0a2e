"""The PDF is PDF/A-2: identified in its XMP, every font embedded, nothing outside it,
an sRGB output intent, and the whole content (every version) in its text."""

import pikepdf
import pytest

from somevakt.archive.documents import render
from somevakt.archive.documents.render import RenderError, render_pdf
from somevakt.archive.documents.tests.conftest import pdf_open, pdf_text

KINDS = ["inquiry", "net_meeting", "blog_post", "deletion", "thread"]


def _objects(pdf: pikepdf.Pdf):
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            yield obj


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_renders_as_pdf_a_2u_with_its_metadata(every_kind, kind):
    unit = every_kind[kind]
    rendered = render_pdf(unit)
    with pdf_open(rendered.content) as pdf:
        meta = pdf.open_metadata()
        assert meta.pdfa_status == "2U"
        assert meta["dc:title"] == unit.title
        assert list(meta["dc:creator"]) == ["Rakkestad kommune"]
        created = unit.created_at.strftime("%Y-%m-%dT%H:%M:%S")
        assert meta["xmp:CreateDate"].startswith(created)
        assert meta["xmp:ModifyDate"].startswith(created)
        assert str(pdf.Root.Lang) == "nb"
    assert rendered.media_type == "application/pdf" and rendered.size == len(rendered.content)


@pytest.mark.parametrize("kind", KINDS)
def test_every_font_is_embedded_and_named(every_kind, kind):
    with pdf_open(render_pdf(every_kind[kind]).content) as pdf:
        fonts = [obj for obj in _objects(pdf) if obj.get("/Type") == "/Font"]
        assert fonts
        for font in fonts:
            if font.Subtype == "/Type0":
                font = font.DescendantFonts[0]
            descriptor = font.FontDescriptor
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.keys()), font
            assert "DejaVu" in str(font.BaseFont)


def test_an_srgb_output_intent_is_declared(every_kind):
    with pdf_open(render_pdf(every_kind["thread"]).content) as pdf:
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1"
        profile = intent.DestOutputProfile.read_bytes()
        assert profile[16:20] == b"RGB " and profile[36:40] == b"acsp"


@pytest.mark.parametrize("kind", KINDS)
def test_nothing_links_outside_the_document(every_kind, kind):
    with pdf_open(render_pdf(every_kind[kind]).content) as pdf:
        for page in pdf.pages:
            assert "/Annots" not in page.obj
        for obj in _objects(pdf):
            keys = set(obj.keys())
            assert not keys & {"/URI", "/Launch", "/JavaScript", "/JS", "/EmbeddedFiles"}
            assert obj.get("/S") not in ("/URI", "/Launch", "/GoToR", "/JavaScript")
            assert obj.get("/Type") != "/Filespec"


def test_every_version_of_an_edited_entry_is_in_the_text(every_kind):
    unit = every_kind["thread"]
    text = pdf_text(render_pdf(unit).content)
    edited = unit.entries[1]
    assert edited.is_edited
    for version in edited.versions:
        assert version.text in text
    assert "Versjon 1 av 2" in text or "Version 1 of 2" in text
    # attachments by their metadata only, links as text
    assert "bilde.jpg" in text and "image/jpeg" in text and "2048" in text
    assert "https://example.org/sak" in text


def test_the_deletion_shows_the_content_the_decision_and_the_feedback(every_kind):
    unit = every_kind["deletion"]
    text = pdf_text(render_pdf(unit).content)
    assert "Du er en idiot, ordfører." in text
    assert "Hei! Innlegget ditt er slettet (regel D5)." in text
    assert "D5" in text and "Kaller ordføreren idiot" in text and "ingrid" in text


def test_a_net_meeting_keeps_the_unanswered_question(every_kind):
    text = pdf_text(render_pdf(every_kind["net_meeting"]).content)
    assert "Et spørsmål ingen har svart på ennå?" in text


def test_the_named_font_missing_is_a_clear_error(every_kind, monkeypatch):
    monkeypatch.setattr(render, "FONT_FAMILY", "Nowhere Archival Sans")
    with pytest.raises(RenderError, match="'Nowhere Archival Sans' is not installed"):
        render_pdf(every_kind["thread"])
