import pytest
from django.urls import reverse

from conftest import log_in
from somevakt.inbox.models import Item
from somevakt.inbox.services import item_ingest, items_ingest
from somevakt.organisation.models import Role
from somevakt.sources.models import ChannelType

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation(main_page, make_event):
    items_ingest(
        events=[
            make_event("100200300_1", is_demo=True),
            make_event(
                "100200300_1_c1",
                kind="comment",
                thread_external_id="100200300_1",
                parent_external_id="100200300_1",
                author={"id": "u2", "name": "Ola Hansen"},
                text="Den ble brøytet i morges.",
            ),
        ]
    )
    return Item.objects.get(external_id="100200300_1")


def test_pages_need_a_login(client):
    response = client.get(reverse("inbox:list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_inbox_lists_items_in_norwegian_with_demo_marked(client, admin_user, conversation):
    log_in(client, admin_user)

    page = client.get(reverse("inbox:list")).content.decode()

    assert '<html lang="nb">' in page
    assert "Innboks" in page and "2 elementer" in page
    assert "Når blir Storgata brøytet?" in page
    assert 'class="badge demo"' in page


def test_the_inbox_speaks_english_when_asked(client, admin_user, conversation):
    log_in(client, admin_user)

    page = client.get(reverse("inbox:list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<html lang="en">' in page and "2 items" in page


def test_the_inbox_filters_by_channel_and_answers_htmx_with_the_list_only(
    client, admin_user, conversation, make_channel
):
    other = make_channel(ChannelType.LOCAL_PAGE, slug="kino")
    log_in(client, admin_user)

    whole = client.get(reverse("inbox:list"), {"channel": "kino"}).content.decode()
    part = client.get(reverse("inbox:list"), {"channel": other.slug}, HTTP_HX_REQUEST="true")

    assert "Når blir Storgata" not in whole
    assert "<html" not in part.content.decode()


def test_an_unknown_channel_in_the_filter_is_an_error_not_a_crash(client, admin_user):
    log_in(client, admin_user)

    response = client.get(reverse("inbox:list"), {"channel": "finnes-ikke", "page": "x"})

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_the_inbox_list_costs_the_same_queries_for_many_items(
    client, admin_user, main_page, make_event, django_assert_max_num_queries
):
    items_ingest(events=[make_event(f"100200300_{n}") for n in range(60)])
    log_in(client, admin_user)

    with django_assert_max_num_queries(12):
        assert client.get(reverse("inbox:list")).status_code == 200


def test_the_thread_shows_replies_under_their_parent_and_every_version(
    client, admin_user, conversation, make_event
):
    item_ingest(event=make_event("100200300_1", text="Når blir Storgata brøytet? Haster!"))
    log_in(client, admin_user)

    page = client.get(reverse("inbox:thread", args=[conversation.thread_id])).content.decode()

    assert page.index("Haster!") < page.index("Den ble brøytet i morges.")
    assert 'class="item depth-1 indent-1"' in page
    assert "Tidligere versjoner" in page and "redigert, 2 versjoner" in page


def test_secret_group_conversations_are_shown_only_to_members_and_the_informasjonsansvarlig(
    client, make_user, informasjonsansvarlig, make_channel, make_event
):
    secret = make_channel(ChannelType.SECRET_GROUP, external_id="777")
    item_ingest(event=make_event("777_1", channel="777", text="Vaktliste for jul"))
    thread_url = reverse("inbox:thread", args=[Item.objects.get().thread_id])
    outsider = make_user(Role.ADMIN)

    log_in(client, outsider)
    assert client.get(thread_url).status_code == 404
    assert "Vaktliste" not in client.get(reverse("inbox:list")).content.decode()
    assert client.get(reverse("sources:detail", args=[secret.slug])).status_code == 404

    log_in(client, informasjonsansvarlig)
    assert client.get(thread_url).status_code == 200
    assert "Vaktliste" in client.get(reverse("inbox:list")).content.decode()
