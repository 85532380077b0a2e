"""Who may do what in moderation, through every entry point: the service, the API, the
pages, a management command and the admin. The table is the policy's division of duties
(O2, O3); every "no" is tried through the service, the API and the page."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from conftest import log_in
from somevakt.moderation import services
from somevakt.moderation.models import Ban, CaseState, ModerationCase
from somevakt.moderation.selectors import approvals_pending, case_queue
from somevakt.organisation.models import Role

pytestmark = pytest.mark.django_db

EXPECTED = """
role                  | view | hide | leave | answer | propose | approve | reject | retry | ban | approve ban | lift ban
informasjonsansvarlig | yes  | yes  | yes   | yes    | yes     | yes     | yes    | yes   | yes | yes         | yes
admin                 | yes  | yes  | yes   | yes    | yes     | no      | no     | no    | yes | no          | no
servicekontor         | no   | no   | no    | no     | no      | no      | no     | no    | no  | no          | no
arkivar               | no   | no   | no    | no     | no      | no      | no     | no    | no  | no          | no
ansatt                | no   | no   | no    | no     | no      | no      | no     | no    | no  | no          | no
kommunedirektor       | no   | no   | no    | no     | no      | no      | no     | no    | no  | no          | no
"""

STEP = {"reason": "grunn", "text": "svar", "rules": ["D2"]}

# action -> (service call, API request, page request); each gets (actor, case, ban).
ENTRY_POINTS = {
    "view": (
        lambda actor, case, ban: list(case_queue(actor=actor)),
        lambda case, ban: ("get", "/api/moderation/cases"),
        lambda case, ban: ("get", "/moderation/"),
    ),
    **{
        name: (
            lambda actor, case, ban, service=service, kwargs=kwargs: getattr(services, service)(
                actor=actor, case=case, **kwargs
            ),
            lambda case, ban, name=name: ("post", f"/api/moderation/cases/{case.pk}/{name}"),
            lambda case, ban, name=name: ("post", f"/moderation/cases/{case.pk}/{name}/"),
        )
        for name, service, kwargs in [
            ("hide", "case_hide", {}),
            ("leave", "case_leave", {}),
            ("answer", "case_answer", {"text": "svar"}),
            ("propose", "case_propose_deletion", {"rules": ["D2"]}),
            ("approve", "case_approve", {}),
            ("reject", "case_reject", {"reason": "nei"}),
            ("retry", "case_retry", {}),
        ]
    },
    "ban": (
        lambda actor, case, ban: services.ban_propose(
            actor=actor, author=case.item.author, rules=["D3"], reason="gjentatt"
        ),
        lambda case, ban: ("post", f"/api/moderation/authors/{case.item.author_id}/ban"),
        lambda case, ban: ("post", f"/moderation/authors/{case.item.author_id}/ban/"),
    ),
    "approve ban": (
        lambda actor, case, ban: services.ban_approve(actor=actor, ban=ban),
        lambda case, ban: ("post", f"/api/moderation/bans/{ban.pk}/approve"),
        lambda case, ban: ("post", f"/moderation/bans/{ban.pk}/approve/"),
    ),
    "lift ban": (
        lambda actor, case, ban: services.ban_lift(actor=actor, ban=ban, reason="ny sjanse"),
        lambda case, ban: ("post", f"/api/moderation/bans/{ban.pk}/lift"),
        lambda case, ban: ("post", f"/moderation/bans/{ban.pk}/lift/"),
    ),
}


def _table(rows: dict[str, dict[str, bool]]) -> str:
    actions = list(ENTRY_POINTS)
    widths = [len("informasjonsansvarlig"), *(max(len(a), 3) for a in actions)]
    lines = [["role", *actions]] + [
        [role, *("yes" if rows[role][a] else "no" for a in actions)] for role in rows
    ]
    return "\n".join(
        " | ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in lines
    )


@pytest.fixture
def objects(flagged_case):
    ban = Ban.objects.create(author=flagged_case.item.author, reason="test")
    return flagged_case, ban


def test_permission_matrix(make_user, objects, policy):
    case, ban = objects
    rows = {}
    for role in Role:
        actor = make_user(role)
        rows[role.value] = {}
        for action, (service, _, _) in ENTRY_POINTS.items():
            try:
                service(actor, case, ban)
            except PermissionDenied:
                allowed = False
            except services.ModerationError:
                allowed = True  # past the role check; the case's state said no
            else:
                allowed = True
            rows[role.value][action] = allowed
            case.refresh_from_db()
            ban.refresh_from_db()
    table = _table(rows)
    assert table == EXPECTED.strip()


def _denied_cells():
    rows = [line.split("|") for line in EXPECTED.strip().splitlines()]
    actions = [cell.strip() for cell in rows[0][1:]]
    for row in rows[1:]:
        for action, cell in zip(actions, row[1:], strict=True):
            if cell.strip() == "no":
                yield row[0].strip(), action


@pytest.mark.parametrize(("role", "action"), list(_denied_cells()))
def test_denied_everywhere(role, action, make_user, objects, policy):
    case, ban = objects
    actor = make_user(Role(role), password="pw-for-tests-1")
    service, api_request, page_request = ENTRY_POINTS[action]
    with pytest.raises(PermissionDenied):
        service(actor, case, ban)
    client = Client()
    log_in(client, actor)
    method, url = api_request(case, ban)
    body = (
        {"data": json.dumps(STEP), "content_type": "application/json"} if method == "post" else {}
    )
    assert getattr(client, method)(url, **body).status_code == 403
    method, url = page_request(case, ban)
    body = {"data": STEP} if method == "post" else {}
    assert getattr(client, method)(url, **body).status_code == 403
    case.refresh_from_db()
    assert case.state == CaseState.OPEN and not case.actions.exists()


def test_anonymous_gets_nothing(objects, policy):
    case, _ = objects
    client = Client()
    assert client.get("/api/moderation/cases").status_code == 401
    assert client.post(f"/moderation/cases/{case.pk}/hide/").status_code == 302  # to login
    with pytest.raises(PermissionDenied):
        services.case_hide(actor=None, case=case)


@pytest.fixture
def proposed(flagged_case, informasjonsansvarlig):
    return services.case_propose_deletion(
        actor=informasjonsansvarlig, case=flagged_case, rules=["D2"]
    )


def test_four_eyes_in_the_api(proposed, informasjonsansvarlig):
    client = Client()
    log_in(client, informasjonsansvarlig)
    answer = client.post(
        f"/api/moderation/cases/{proposed.pk}/approve", data="{}", content_type="application/json"
    )
    assert answer.status_code == 409 and "fire øyne" in answer.json()["detail"]
    assert ModerationCase.objects.get(pk=proposed.pk).state == CaseState.PROPOSED


def test_four_eyes_in_the_pages(proposed, informasjonsansvarlig):
    client = Client()
    log_in(client, informasjonsansvarlig)
    answer = client.post(f"/moderation/cases/{proposed.pk}/approve/", follow=True)
    assert "fire øyne" in answer.content.decode()
    assert ModerationCase.objects.get(pk=proposed.pk).state == CaseState.PROPOSED


def test_four_eyes_in_the_management_command(proposed, informasjonsansvarlig):
    with pytest.raises(CommandError, match="fire øyne") as raised:
        call_command("moderation", "approve", str(proposed.pk), "--as", "ingrid")
    assert raised.value.returncode == 2
    assert ModerationCase.objects.get(pk=proposed.pk).state == CaseState.PROPOSED


def test_management_command_approves_as_another_informasjonsansvarlig(
    proposed, second_informasjonsansvarlig, capsys
):
    call_command("moderation", "approve", str(proposed.pk), "--as", "ivar")
    assert ModerationCase.objects.get(pk=proposed.pk).state == CaseState.APPROVED


def test_admin_site_cannot_change_cases(proposed, informasjonsansvarlig):
    informasjonsansvarlig.is_staff = True
    informasjonsansvarlig.save()
    client = Client()
    log_in(client, informasjonsansvarlig)
    answer = client.post(
        f"/admin/moderation/moderationcase/{proposed.pk}/change/", {"state": "approved"}
    )
    assert answer.status_code in (403, 404)
    assert ModerationCase.objects.get(pk=proposed.pk).state == CaseState.PROPOSED


def test_approver_inbox_is_only_for_the_informasjonsansvarlig(admin_user, proposed):
    with pytest.raises(PermissionDenied):
        approvals_pending(actor=admin_user)
