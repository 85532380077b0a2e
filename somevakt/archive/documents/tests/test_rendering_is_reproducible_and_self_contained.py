"""The same unit renders to the same bytes; any language renders; nothing is fetched; a
very long thread renders in bounded time."""

import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError

from somevakt.archive.documents.render import RefusingFetcher, render_pdf, render_unit
from somevakt.archive.documents.tests.conftest import comment, make_unit, pdf_text, post
from somevakt.archive.documents.units import Attachment, UnitKind, Version

SAMI = "Sámi giella: Ŋ ŋ Đ đ Š š Ž ž Č č Ŧ ŧ Á á Ï ï Ǯ ǯ Ʒ ʒ Ǥ ǥ Ǩ ǩ Â â"
BOKMAL = "Blåbærsyltetøy på Ærø, ÆØÅ æøå – «sitat» … €"


class _Counting(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 - the name http.server calls
        _Counting.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def resource_server():
    """A real HTTP server on 127.0.0.1 that counts every request made to it."""
    _Counting.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_same_unit_gives_the_same_bytes(every_kind):
    for unit in every_kind.values():
        first, second = render_unit(unit), render_unit(unit)
        assert [f.sha256 for f in first.files] == [f.sha256 for f in second.files]


def test_another_process_gives_the_same_checksums(every_kind):
    """Nothing in the bytes depends on the process: hash seed, clock or object ids."""
    script = (
        "import django; django.setup()\n"
        "from somevakt.archive.documents.tests.conftest import units_of_every_kind\n"
        "from somevakt.archive.documents.render import render_unit\n"
        "for unit in units_of_every_kind().values():\n"
        "    print(' '.join(f.sha256 for f in render_unit(unit).files))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345", "DJANGO_SETTINGS_MODULE": "somevakt.settings"}
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True,
        cwd=settings.BASE_DIR,
    )  # fmt: skip
    here = [" ".join(f.sha256 for f in render_unit(u).files) for u in every_kind.values()]
    assert result.stdout.split("\n")[: len(here)] == here


def test_a_changed_unit_gives_other_bytes():
    one = render_pdf(make_unit(entries=(post(), comment(1, "Hei"))))
    other = render_pdf(make_unit(entries=(post(), comment(1, "Hei!"))))
    assert one.sha256 != other.sha256


def test_bokmal_and_sami_characters_render_in_the_embedded_font():
    unit = make_unit(
        entries=(post(BOKMAL), comment(1, SAMI, author_name="Máret Ŋuolja")),
        title="Æøå og ŋ i tittelen",
    )
    text = pdf_text(render_pdf(unit).content)  # the font check refuses any fallback font
    for line in (BOKMAL, SAMI, "Máret Ŋuolja", "Æøå og ŋ i tittelen"):
        assert line in text


def test_urls_in_content_are_text_and_never_fetched(resource_server):
    picture = f"{resource_server}/bilde.png"
    unit = make_unit(
        entries=(
            post(f'<img src="{picture}"> <link rel="stylesheet" href="{resource_server}/s.css">'),
            comment(
                1,
                versions=(
                    Version(
                        "Se vedlegget",
                        post().published_at,
                        links=(f"{resource_server}/lenke",),
                        attachments=(Attachment("photo", "b.png", "image/png", 10, picture),),
                    ),
                ),
            ),
        ),
        channel_address=f"{resource_server}/kanal",
    )
    text = pdf_text(render_pdf(unit).content)
    assert f'<img src="{picture}">' in text and f"{resource_server}/lenke" in text
    assert _Counting.requests == []


def test_the_fetcher_refuses_and_stops_the_rendering(resource_server):
    fetcher = RefusingFetcher()
    html = HTML(string=f'<img src="{resource_server}/x.png">', url_fetcher=fetcher)
    with pytest.raises(FatalURLFetchingError):
        html.render()
    assert fetcher.refused == [f"{resource_server}/x.png"]
    assert _Counting.requests == []


def test_a_thread_of_2000_comments_renders_in_bounded_time():
    entries = (post(),) + tuple(comment(n) for n in range(1, 2001))
    unit = make_unit(UnitKind.NET_MEETING, entries)
    started = time.perf_counter()
    rendered = render_unit(unit)
    elapsed = time.perf_counter() - started
    # About 7 s on a quiet machine; the bound leaves room for a loaded one.
    assert elapsed < 120, f"{elapsed:.1f} s"
    text = pdf_text(rendered.pdf.content)
    assert "Spørsmål nummer 1: " in text and "Spørsmål nummer 2000: " in text


def test_characters_the_font_lacks_are_written_as_code_points_not_blank_glyphs(caplog):
    unit = make_unit(entries=(post("Kinesisk 漢字 og amharisk ሰላም"),))
    with caplog.at_level("WARNING", logger="weasyprint"):
        rendered = render_unit(unit)
    text = pdf_text(rendered.pdf.content)
    assert "Kinesisk [U+6F22][U+5B57] og amharisk [U+1230][U+120B][U+121D]" in text
    assert not [r for r in caplog.records if ".notdef" in r.getMessage()]
    assert "漢字" in rendered.xml.content.decode() and "ሰላም" in rendered.json.content.decode()
