from django.db.models import QuerySet

from somevakt.organisation.permissions import Action, Actor, require
from somevakt.policy.models import PolicyVersion


class PolicyNotLoaded(LookupError):
    def __init__(self) -> None:
        super().__init__(
            "No policy is in force. Fix: run `manage.py policy load FILE` "
            "(without FILE it loads the default policy)."
        )


# The version in force is the one activated last; the rest follow, newest first.
_IN_FORCE_FIRST = ("-activated_at", "-pk")


def policy_in_force_or_none() -> PolicyVersion | None:
    return PolicyVersion.objects.order_by(*_IN_FORCE_FIRST).first()


def policy_in_force() -> PolicyVersion:
    """The version decisions are taken under: the one put in force last (D9)."""
    version = policy_in_force_or_none()
    if version is None:
        raise PolicyNotLoaded()
    return version


def policy_versions(*, actor: Actor) -> QuerySet[PolicyVersion]:
    """Every version ever loaded, the one in force first."""
    require(actor, Action.VIEW_POLICY)
    return PolicyVersion.objects.select_related("loaded_by").order_by(*_IN_FORCE_FIRST)
