import datetime
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Prefetch

from somevakt.guidelines.models import Acknowledgement
from somevakt.organisation.models import Role
from somevakt.organisation.permissions import Action, Actor, require, roles_of, user_of
from somevakt.policy.models import PolicyVersion
from somevakt.policy.rules import RuleId
from somevakt.policy.schema import Guidelines as GuidelinesTable
from somevakt.policy.schema import Rule
from somevakt.policy.selectors import policy_in_force, policy_in_force_or_none


@dataclass(frozen=True)
class Guidelines:
    """The employees' guidelines of one policy version, in the policy's own words."""

    version: str
    digest: str
    items: tuple[tuple[RuleId, Rule], ...]
    policy_version: PolicyVersion

    @property
    def heading(self) -> str:
        return self.items[0][1].section


def _guidelines_of(version: PolicyVersion) -> Guidelines:
    policy = version.policy
    return Guidelines(
        version=policy.guidelines.version,
        digest=policy.guidelines_digest,
        items=tuple(policy.guideline_rules()),
        policy_version=version,
    )


def guidelines_in_force(*, actor: Actor) -> Guidelines:
    """The «Pass på»-plakaten (P1–P10) of the policy in force."""
    require(actor, Action.VIEW_GUIDELINES)
    return _guidelines_of(policy_in_force())


def acknowledgement_of(*, actor: Actor, guidelines: Guidelines) -> Acknowledgement | None:
    """The actor's own acknowledgement of this version, if given."""
    user = user_of(actor)
    if user is None:
        return None
    return Acknowledgement.objects.filter(user=user, version=guidelines.version).first()


def must_acknowledge(user: Actor) -> bool:
    """An employee with a role who has not acknowledged the version in force: every page
    reminds them (it blocks nothing)."""
    employee = user_of(user)
    if employee is None or not roles_of(employee):
        return False
    version = policy_in_force_or_none()
    if version is None:
        return False
    # One table validated, not the whole policy: this runs on every page.
    current = GuidelinesTable.model_validate(version.document.get("guidelines", {})).version
    return not Acknowledgement.objects.filter(user=employee, version=current).exists()


@dataclass(frozen=True)
class EmployeeStatus:
    user: User
    roles: tuple[Role, ...]
    acknowledged_at: datetime.datetime | None


def acknowledgement_overview(*, actor: Actor) -> tuple[Guidelines, list[EmployeeStatus]]:
    """Every active employee with a role and whether they have acknowledged the version in
    force: those who have not first, then by name (for the informasjonsansvarlig)."""
    require(actor, Action.VIEW_ACKNOWLEDGEMENTS)
    guidelines = _guidelines_of(policy_in_force())
    employees = (
        User.objects.filter(is_active=True, groups__name__in=Role.values)
        .distinct()
        .prefetch_related(
            "groups",
            Prefetch(
                "guideline_acknowledgements",
                queryset=Acknowledgement.objects.filter(version=guidelines.version),
                to_attr="acknowledged",
            ),
        )
    )
    rows = [
        EmployeeStatus(
            user=user,
            roles=tuple(Role(g.name) for g in user.groups.all() if g.name in Role.values),
            acknowledged_at=user.acknowledged[0].acknowledged_at if user.acknowledged else None,
        )
        for user in employees
    ]
    rows.sort(
        key=lambda row: (
            row.acknowledged_at is not None,
            (row.user.get_full_name() or row.user.username).casefold(),
        )
    )
    return guidelines, rows
