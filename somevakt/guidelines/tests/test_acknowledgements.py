import pytest
from django.core.exceptions import PermissionDenied

from conftest import oslo
from somevakt.audit.models import AuditEntry
from somevakt.guidelines.models import Acknowledgement
from somevakt.guidelines.selectors import (
    acknowledgement_overview,
    guidelines_in_force,
    must_acknowledge,
)
from somevakt.guidelines.services import StaleGuidelines, guidelines_acknowledge
from somevakt.organisation.models import Role
from somevakt.policy.services import policy_load
from somevakt.policy.tests.broken import write_policy

pytestmark = pytest.mark.django_db

P4_TEXT = 'text = "Husk at saksbehandling ikke foregår i sosiale medier."'


def new_version(tmp_path):
    return policy_load(
        path=write_policy(
            tmp_path,
            (P4_TEXT, 'text = "Husk at saksbehandling aldri foregår i sosiale medier."'),
            ('version = "2026-1"', 'version = "2026-2"'),
        ),
        actor=None,
    )


def test_the_guidelines_are_p1_to_p10_in_the_policys_own_words(policy, make_user):
    guidelines = guidelines_in_force(actor=make_user(Role.ANSATT))

    assert guidelines.version == "2026-1"
    assert [rule_id for rule_id, _ in guidelines.items] == [f"P{n}" for n in range(1, 11)]
    assert guidelines.items[3][1].text == "Husk at saksbehandling ikke foregår i sosiale medier."
    assert guidelines.heading.startswith("«Pass på»-plakaten")


def test_an_employee_with_a_role_must_acknowledge_until_they_have(policy, make_user):
    kari = make_user(Role.ANSATT)
    assert must_acknowledge(kari) is True

    guidelines_acknowledge(actor=kari, version="2026-1")

    assert must_acknowledge(kari) is False


def test_nobody_without_a_role_is_asked_and_nobody_may_acknowledge_without_one(policy, make_user):
    outsider = make_user()

    assert must_acknowledge(outsider) is False
    with pytest.raises(PermissionDenied):
        guidelines_acknowledge(actor=outsider, version="2026-1")


def test_an_acknowledgement_is_recorded_once_with_the_words_and_audited(
    policy, make_user, time_machine
):
    time_machine.move_to(oslo(2026, 11, 26, 10, 15), tick=False)
    kari = make_user(Role.ADMIN)

    first = guidelines_acknowledge(actor=kari, version="2026-1")
    again = guidelines_acknowledge(actor=kari, version="2026-1")

    assert first == again
    assert (first.version, first.digest) == ("2026-1", policy.policy.guidelines_digest)
    assert first.acknowledged_at == oslo(2026, 11, 26, 10, 15)
    entry = AuditEntry.objects.get(action="guidelines.acknowledged")
    assert (entry.actor, entry.data["version"]) == (kari, "2026-1")


def test_a_new_version_asks_everybody_again_and_keeps_the_old_acknowledgements(
    policy, make_user, tmp_path
):
    kari = make_user(Role.ANSATT)
    guidelines_acknowledge(actor=kari, version="2026-1")

    new_version(tmp_path)

    assert must_acknowledge(kari) is True
    with pytest.raises(StaleGuidelines, match='read version "2026-2"'):
        guidelines_acknowledge(actor=kari, version="2026-1")
    guidelines_acknowledge(actor=kari, version="2026-2")
    assert sorted(Acknowledgement.objects.values_list("version", flat=True)) == [
        "2026-1",
        "2026-2",
    ]
    assert must_acknowledge(kari) is False


def test_the_overview_lists_who_has_not_acknowledged_first_with_roles_and_dates(
    policy, make_user, informasjonsansvarlig, time_machine
):
    time_machine.move_to(oslo(2026, 11, 26, 9, 0), tick=False)
    make_user(Role.ADMIN, Role.SERVICEKONTOR, username="arne")
    tone = make_user(Role.SERVICEKONTOR, username="tone")
    make_user(username="gjest")  # no role: not an employee of somevakt
    guidelines_acknowledge(actor=tone, version="2026-1")

    guidelines, rows = acknowledgement_overview(actor=informasjonsansvarlig)

    assert guidelines.version == "2026-1"
    assert [(row.user.username, row.acknowledged_at) for row in rows] == [
        ("arne", None),
        ("ingrid", None),
        ("tone", oslo(2026, 11, 26, 9, 0)),
    ]
    assert set(rows[0].roles) == {Role.ADMIN, Role.SERVICEKONTOR}


def test_only_the_informasjonsansvarlig_sees_who_has_acknowledged(policy, admin_user):
    with pytest.raises(PermissionDenied):
        acknowledgement_overview(actor=admin_user)
