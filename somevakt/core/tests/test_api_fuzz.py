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

from somevakt.api import api
from somevakt.inbox.services import items_ingest
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
def api_login(db, make_user, policy, main_page, make_event):
    """The session cookie and CSRF token of an informasjonsansvarlig, with a loaded policy and
    a thread with a comment to look at."""
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
    browser = Client()
    browser.force_login(make_user(Role.INFORMASJONSANSVARLIG, username="fuzz"))
    csrf = secrets.token_hex(16)
    return {
        "cookies": {
            settings.SESSION_COOKIE_NAME: browser.cookies[settings.SESSION_COOKIE_NAME].value,
            settings.CSRF_COOKIE_NAME: csrf,
        },
        "headers": {"X-CSRFToken": csrf},
    }


def test_the_fuzzed_schema_is_the_one_served(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/api/openapi.json").json() == SCHEMA


@pytest.mark.parametrize("mode", MODES, ids=str)
@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_no_request_gets_a_500_and_every_answer_matches_the_schema(label, mode, api_login, tally):
    operation = OPERATIONS[label]

    @hypothesis_settings(
        max_examples=PER_TEST,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(data=st.data())
    def run(data):
        case = data.draw(operation.as_strategy(generation_mode=mode))
        response = case.call_and_validate(checks=CHECKS, app=application, **api_login)
        tally[(label, response.status_code)] += 1

    run()
