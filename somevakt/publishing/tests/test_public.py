import datetime
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from lxml import etree

from somevakt.inbox.services import item_ingest
from somevakt.publishing import services
from somevakt.publishing.models import Post

ATOM_RNG = Path(__file__).parent / "schema" / "atom.rng"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def publish(policy, informasjonsansvarlig, facebook_page, mastodon_channel, deliver):
    """Publish a post as the informasjonsansvarlig on both platforms."""

    def run(text: str, **fields) -> Post:
        post = services.post_create(
            actor=informasjonsansvarlig,
            text=text,
            channels=[facebook_page, mastodon_channel],
            **fields,
        )
        services.post_submit(actor=informasjonsansvarlig, post=post)
        deliver()
        post.refresh_from_db()
        return post

    return run


@pytest.fixture
def anonymous():
    return Client()


def test_the_public_page_shows_official_posts_newest_first_and_never_comments(
    publish, anonymous, make_event, facebook_page
):
    first = publish("Brøytingen starter kl. 06.\nHilsen teknisk drift")
    Post.objects.filter(pk=first.pk).update(
        published_at=timezone.now() - datetime.timedelta(hours=1)
    )
    publish("Biblioteket holder stengt fredag.")
    target = first.targets.get(channel=facebook_page)
    item_ingest(
        event=make_event(
            "1234567890321_77",
            channel=facebook_page.external_id,
            kind="comment",
            thread_external_id=target.external_id,
            parent_external_id=target.external_id,
            text="Innbyggerkommentar som aldri skal speiles",
        )
    )
    response = anonymous.get("/public/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nb">' in html
    assert "<script" not in html.lower()
    assert "Innbyggerkommentar" not in html
    assert html.index("Biblioteket holder stengt") < html.index("Brøytingen starter")
    assert "Rakkestad kommune (Facebook)" in html and "Mastodon" in html


def test_a_pinned_crisis_message_is_the_banner_with_its_earlier_versions(
    publish, anonymous, informasjonsansvarlig, deliver
):
    post = publish("Vannet er stengt i sentrum.", is_crisis=True)
    assert 'class="crisis"' not in anonymous.get("/public/").content.decode()
    services.post_pin(actor=informasjonsansvarlig, post=post, pinned=True)
    deliver()
    services.post_update(actor=informasjonsansvarlig, post=post, text="Vannet er tilbake.")
    deliver()
    html = anonymous.get("/public/").content.decode()
    banner = html[html.index('class="crisis"') : html.index("</section>")]
    assert "Krisemelding" in banner and "Vannet er tilbake." in banner
    assert "Tidligere versjoner" in html and "Vannet er stengt i sentrum." in html


def test_the_page_and_the_feed_answer_a_conditional_get_with_304(publish, anonymous):
    publish("Første innlegg")
    for path in ("/public/", "/public/feed.atom"):
        response = anonymous.get(path)
        assert response.status_code == 200
        assert "max-age=60" in response["Cache-Control"] and "public" in response["Cache-Control"]
        etag, modified = response["ETag"], response["Last-Modified"]
        assert anonymous.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 304
        assert anonymous.get(path, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    etag = anonymous.get("/public/")["ETag"]
    publish("Andre innlegg")
    assert anonymous.get("/public/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_the_public_page_takes_few_queries_however_many_posts(
    publish, anonymous, django_assert_max_num_queries
):
    for number in range(5):
        publish(f"Innlegg nummer {number}")
    with django_assert_max_num_queries(6):
        assert anonymous.get("/public/").status_code == 200
    with django_assert_max_num_queries(6):
        assert anonymous.get("/public/feed.atom").status_code == 200


def test_the_feed_is_valid_atom_by_the_rfc_4287_schema(publish, anonymous):
    publish("Brøytingen starter kl. 06 <i morgen> & resten av uka.")
    publish("Krise: vannet er stengt.", is_crisis=True)
    response = anonymous.get("/public/feed.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    document = etree.fromstring(response.content)
    schema = etree.RelaxNG(etree.parse(str(ATOM_RNG)))
    assert schema.validate(document), schema.error_log
    assert document.get("{http://www.w3.org/XML/1998/namespace}lang") == "nb"
    titles = [entry.findtext(f"{ATOM}title") for entry in document.iter(f"{ATOM}entry")]
    assert titles == [
        "Krisemelding: Krise: vannet er stengt.",
        "Brøytingen starter kl. 06 <i morgen> & resten av uka.",
    ]


def test_the_feed_parses_without_complaint(publish, anonymous):
    feedparser = pytest.importorskip("feedparser")
    publish("Biblioteket holder stengt fredag.")
    parsed = feedparser.parse(anonymous.get("/public/feed.atom").content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.entries[0].title == "Biblioteket holder stengt fredag."
