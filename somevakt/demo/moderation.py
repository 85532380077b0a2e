"""Moderation work in progress for the demo: so that the queue, the approval inbox and an
author's history have something to show on the first visit."""

from django.contrib.auth.models import User

from somevakt.moderation.models import CaseState, ModerationCase
from somevakt.moderation.selectors import case_queue
from somevakt.moderation.services import case_hide, case_propose_deletion
from somevakt.policy.selectors import policy_in_force_or_none

PROPOSALS = 3  # the most severe open cases, proposed for deletion by an admin
HIDDEN = 2  # the next ones, hidden at once


def demo_moderation(*, admin: User) -> int:
    """Arne (admin) hides and proposes; the informasjonsansvarlig then has approvals waiting.
    Without a policy in force there is nothing to decide under, so nothing is done."""
    if policy_in_force_or_none() is None:
        return 0
    open_cases = list(case_queue(actor=admin, states=[CaseState.OPEN])[: PROPOSALS + HIDDEN])
    for case in open_cases[:PROPOSALS]:
        case_hide(actor=admin, case=case, reason="Demo: skjult i påvente av godkjenning")
        case_propose_deletion(
            actor=admin,
            case=ModerationCase.objects.get(pk=case.pk),
            rules=case.rules[:1] or ["D2"],
            reason="Demo: bryter reglementet",
        )
    for case in open_cases[PROPOSALS:]:
        case_hide(actor=admin, case=case, reason="Demo: skjult til vurdering")
    return len(open_cases)
