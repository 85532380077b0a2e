"""Archive work for the demo: every finished conversation classified (A1–A6), some
confirmed by the arkivar and journaled, one deletion approved and journaled (A6), one
journalpost screened, so that the archive room, the offentlig journal and an export
have content on the first visit."""

from django.contrib.auth.models import User

from somevakt.archive.models import ArchiveDecision, DecisionState, Journalpost, Outcome
from somevakt.archive.services import (
    decision_confirm,
    deletions_classify,
    journalpost_screen,
    threads_classify,
)
from somevakt.connectors.capabilities import PlatformAction, supports
from somevakt.moderation.models import CaseState, ModerationCase
from somevakt.moderation.services import case_approve, case_propose_deletion
from somevakt.policy.selectors import policy_in_force_or_none

CONFIRM_PER_KIND = 2  # proposals the arkivar confirms per unit kind and outcome
SCREENING = "Offl. § 13 jf. fvl. § 13 første ledd nr. 1"


def demo_archive(*, arkivar: User, admin: User, informasjonsansvarlig: User) -> int:
    """Returns how many decisions the arkivar confirmed."""
    if policy_in_force_or_none() is None:
        return 0
    # A deletion of its own (the moderation demo's proposals stay waiting for approval).
    for case in ModerationCase.objects.filter(state=CaseState.OPEN).order_by("-severity", "pk"):
        if supports(case.item.platform, PlatformAction.DELETE):
            case_propose_deletion(
                actor=admin, case=case, rules=case.rules[:1] or ["D2"], reason="Demo"
            )
            case_approve(actor=informasjonsansvarlig, case=case, reason="Demo: brudd på reglene")
            break
    while threads_classify(quiet_hours=0):  # the demo history counts as finished
        pass
    deletions_classify()
    confirmed = 0
    pending = ArchiveDecision.objects.filter(state=DecisionState.PROPOSED).order_by("pk")
    seen: dict[tuple[str, str], int] = {}
    for decision in pending:
        key = (decision.unit_kind, decision.proposed_outcome)
        if seen.get(key, 0) >= CONFIRM_PER_KIND:
            continue
        seen[key] = seen.get(key, 0) + 1
        decision_confirm(actor=arkivar, decision=decision)
        confirmed += 1
    # One override: a proposal not to archive is archived after all, with the reason.
    simple = pending.filter(proposed_outcome=Outcome.NOT_ARCHIVED).first()
    if simple is not None:
        decision_confirm(
            actor=arkivar,
            decision=simple,
            outcome=Outcome.ARCHIVED,
            reason="Demo: takken gjelder en konkret tjeneste og dokumenterer tilbakemeldingen",
        )
        confirmed += 1
    inquiry = Journalpost.objects.filter(journalposttype="Inngående dokument").first()
    if inquiry is not None:
        journalpost_screen(actor=arkivar, journalpost=inquiry, hjemmel=SCREENING)
    return confirmed
