import pytest
from django.conf import settings

from conftest import log_in
from somevakt.inbox.models import Item
from somevakt.inbox.services import items_ingest
from somevakt.organisation.models import Role
from somevakt.policy.services import policy_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(main_page, make_event):
    items_ingest(
        events=[
            make_event("100200300_1"),
            make_event(
                "100200300_1_c1",
                kind="comment",
                thread_external_id="100200300_1",
                parent_external_id="100200300_1",
                text="Takk!",
            ),
        ]
    )


def test_the_api_needs_a_login_and_answers_401(client):
    assert client.get("/api/items").status_code == 401


def test_the_openapi_schema_and_docs_are_served(client, admin_user):
    log_in(client, admin_user)

    schema = client.get("/api/openapi.json").json()
    docs = client.get("/api/docs")

    assert {"/api/items", "/api/threads/{thread_id}", "/api/channels", "/api/policy"} <= set(
        schema["paths"]
    )
    assert docs.status_code == 200
    assert "cdn" not in docs.content.decode().lower()


def test_items_are_paged_and_filtered(client, admin_user, main_page, items):
    log_in(client, admin_user)

    page = client.get("/api/items", {"limit": 1}).json()
    none = client.get("/api/items", {"channel": "finnes-ikke"}).json()

    assert page["count"] == 2 and len(page["items"]) == 1
    assert page["items"][0]["channel"] == main_page.slug
    assert none == {"items": [], "count": 0}


def test_a_thread_lists_its_items_with_depth(client, admin_user, items):
    log_in(client, admin_user)
    thread_id = Item.objects.first().thread_id

    thread = client.get(f"/api/threads/{thread_id}").json()

    assert [(i["external_id"], i["depth"]) for i in thread["items"]] == [
        ("100200300_1", 0),
        ("100200300_1_c1", 1),
    ]


def test_bad_requests_get_clear_errors_not_500(client, admin_user, make_user):
    log_in(client, admin_user)
    assert client.get("/api/items/999999").status_code == 404
    invalid = client.get("/api/items", {"limit": "many"})
    assert invalid.status_code == 422
    assert invalid.json()["problems"][0]["where"].endswith("limit")
    assert client.get("/api/policy").status_code == 503

    log_in(client, make_user())
    forbidden = client.get("/api/items")
    assert forbidden.status_code == 403
    assert "requires one of these roles" in forbidden.json()["detail"]


def test_the_policy_in_force_with_every_rule(client, make_user):
    policy_load(path=settings.SOMEVAKT_DEFAULT_POLICY, actor=None)
    log_in(client, make_user(Role.ARKIVAR))

    policy = client.get("/api/policy").json()

    assert len(policy["rules"]) == 39
    assert policy["rules"][6]["id"] == "D7"


def test_open_questions_and_compliance_findings_are_served(
    client, informasjonsansvarlig, main_page, make_event, make_channel
):
    from somevakt.sources.models import ChannelType

    policy_load(path=settings.SOMEVAKT_DEFAULT_POLICY, actor=None)
    items_ingest(events=[make_event("100200300_9", text="Når blir Storgata brøytet?")])
    make_channel(ChannelType.SECRET_GROUP, slug="hemmelig")
    log_in(client, informasjonsansvarlig)

    questions = client.get("/api/questions").json()["items"]
    findings = client.get("/api/compliance").json()

    assert [(q["channel"], q["rule"], q["is_crisis"]) for q in questions] == [
        (main_page.slug, "O5", False)
    ]
    assert {(f["rule"], f["channel"]) for f in findings} == {("S2", "hemmelig")}


@pytest.mark.parametrize("path", ["/api/items", "/api/questions", "/api/archive/decisions"])
def test_an_offset_beyond_what_a_database_counts_is_a_422_naming_it(client, admin_user, path):
    log_in(client, admin_user)

    answer = client.get(path, {"offset": 2**70, "limit": 1})
    too_many = client.get(path, {"limit": 10**6})

    assert answer.status_code == 422
    assert answer.json()["problems"][0]["where"] == "query.offset"
    assert too_many.status_code == 422
    assert too_many.json()["problems"][0]["where"] == "query.limit"


def test_the_schema_declares_the_error_answers_every_operation_can_give(client, admin_user):
    log_in(client, admin_user)
    schema = client.get("/api/openapi.json").json()

    items = schema["paths"]["/api/items"]["get"]["responses"]
    step = schema["paths"]["/api/moderation/cases/{case_id}/{step}"]["post"]["responses"]
    public = schema["paths"]["/api/archive/public-journal"]["get"]["responses"]

    assert {"200", "401", "403", "404", "422", "503"} <= set(items)
    assert "400" not in items  # no body to be malformed
    assert {"400", "409"} <= set(step)
    assert "401" not in public  # the public journal needs no login
    assert items["422"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/InvalidOut"
    }
    assert set(schema["components"]["schemas"]["InvalidOut"]["required"]) == {
        "detail",
        "problems",
    }
