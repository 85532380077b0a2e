"""Schemathesis against the API's own OpenAPI schema, through the WSGI app, logged in as a
real informasjonsansvarlig with a session and a CSRF token: no request, however odd, gets
a 500, and every answer has the status, content type and shape the schema declares.

Every operation is fuzzed with data that fits the schema and with data that does not.
`make test` runs a few hundred cases; `make fuzz-api` runs SOMEVAKT_FUZZ_API_CASES (10,000)
and prints the tally per operation.
"""

import math
import os
import secrets
from collections import Counter

import pytest
import schemathesis
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from conftest import log_in
from somevakt.api import api
from somevakt.archive.models import ArchiveDecision
from somevakt.archive.services import threads_classify
from somevakt.inbox.models import Author, Item
from somevakt.inbox.services import items_ingest
from somevakt.moderation.models import Ban, ModerationCase
from somevakt.moderation.services import ban_propose
from somevakt.organisation.models import Role
from somevakt.wsgi import application

SCHEMA = api.get_openapi_schema(path_prefix="/api/")
OPERATIONS = {
    op.label: op
    for op in (r.ok() for r in schemathesis.openapi.from_dict(SCHEMA).get_all_operations())
}
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
CASES = int(os.environ.get("SOMEVAKT_FUZZ_API_CASES", "300"))
PER_TEST = max(10, math.ceil(CASES / (len(OPERATIONS) * len(MODES))))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def tally(request):
    """Cases and answers per operation, written out after the last operation."""
    counts: Counter[tuple[str, int]] = Counter()
    yield counts
    operations = sorted({op for op, _ in counts})
    lines = [f"API fuzz: {sum(counts.values())} cases over {len(operations)} operations"]
    for label in operations:
        answers = ", ".join(f"{s}×{n}" for (op, s), n in sorted(counts.items()) if op == label)
        lines.append(f"  {label}: {answers}")
    # Shown also when every case passes (pytest keeps a passing test's output to itself).
    with request.config.pluginmanager.getplugin("capturemanager").global_and_fixture_disabled():
        print("\n" + "\n".join(lines))  # noqa: T201


@pytest.fixture
def connections_kept():
    """The WSGI app closes the database connection after each request, as a server must;
    inside a test's transaction that would close the test's own connection (PostgreSQL), so
    this keeps it open across requests the way Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_login(db, make_user, policy, main_page, make_event, connections_kept):
    """The session cookie and CSRF token of an informasjonsansvarlig who is also arkivar, with
    a loaded policy, a thread with a comment (its moderation case, a proposed ban of its
    author) and an archive decision to act on."""
    items_ingest(
        events=[
            make_event("100200300_1"),
            make_event(
                "100200300_1_c1",
                kind="comment",
                thread_external_id="100200300_1",
                parent_external_id="100200300_1",
                text="Dere er noen idioter!",
            ),
        ]
    )
    threads_classify(quiet_hours=0)  # an archive decision to confirm or override
    user = make_user(Role.INFORMASJONSANSVARLIG, Role.ARKIVAR, username="fuzz")
    ban_propose(actor=user, author=Author.objects.get(), rules=["D2"], reason="Skjellsord.")
    browser = Client()
    log_in(browser, user)
    csrf = secrets.token_hex(16)
    return {
        "cookies": {
            settings.SESSION_COOKIE_NAME: browser.cookies[settings.SESSION_COOKIE_NAME].value,
            settings.CSRF_COOKIE_NAME: csrf,
        },
        "headers": {"X-CSRFToken": csrf},
    }


@pytest.fixture
def existing(api_login, main_page):
    """Path parameters that name objects that exist, so that fuzzing reaches past the 404."""
    item = Item.objects.order_by("-pk").first()
    return {
        "slug": main_page.slug,
        "item_id": item.pk,
        "thread_id": item.thread_id,
        "author_id": item.author_id,
        "case_id": ModerationCase.objects.values_list("pk", flat=True).first(),
        "decision_id": ArchiveDecision.objects.values_list("pk", flat=True).first(),
        "ban_id": Ban.objects.values_list("pk", flat=True).first(),
    }


def test_the_fuzzed_schema_is_the_one_served(client, admin_user):
    log_in(client, admin_user)
    assert client.get("/api/openapi.json").json() == SCHEMA


@pytest.mark.parametrize("mode", MODES, ids=str)
@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_no_request_gets_a_500_and_every_answer_matches_the_schema(
    label, mode, api_login, existing, tally
):
    operation = OPERATIONS[label]
    known = {
        name: existing[name]
        for name in (parameter.name for parameter in operation.path_parameters)
        if existing.get(name) is not None
    }

    @hypothesis_settings(
        max_examples=PER_TEST,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(data=st.data())
    def run(data):
        fixed = data.draw(st.sampled_from([None, known])) or None
        case = data.draw(operation.as_strategy(generation_mode=mode, path_parameters=fixed))
        response = case.call_and_validate(checks=CHECKS, app=application, **api_login)
        tally[(label, response.status_code)] += 1

    run()
