"""The archive over the REST API: the same services as the archive room, so the role
checks and the four-eyes rule for overrides hold here too."""

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from somevakt.archive import selectors, services
from somevakt.archive.models import Outcome
from somevakt.core.pagination import Pages

router = Router(tags=["archive"])


class ReasonOut(Schema):
    rule: str
    text: str


class DecisionOut(Schema):
    id: int
    thread_id: int | None
    deletion_record_id: int | None
    unit_kind: str
    state: str
    facts: dict[str, bool]
    rules: list[str]
    reasons: list[ReasonOut]
    proposed_outcome: Outcome
    outcome: Outcome
    policy_sha256: str
    proposed_at: datetime
    confirmed_by: str | None
    confirmed_at: datetime | None
    override_reason: str
    registrerings_id: str | None

    @staticmethod
    def resolve_policy_sha256(decision) -> str:
        return decision.policy_version.sha256

    @staticmethod
    def resolve_confirmed_by(decision) -> str | None:
        return decision.confirmed_by.get_username() if decision.confirmed_by else None

    @staticmethod
    def resolve_registrerings_id(decision) -> str | None:
        post = getattr(decision, "journalpost", None)
        return post.registrerings_id if post else None


class DecideIn(Schema):
    outcome: Outcome | None = None
    reason: str = ""


class PublicLineOut(Schema):
    registrerings_id: str
    journaldato: date
    dokumentets_dato: date
    journalposttype: str
    tittel: str
    saksmappe: str
    parts: list[tuple[str, str]]
    skjermingshjemmel: str


@router.get("/decisions", response=list[DecisionOut])
@paginate(Pages)
def decisions(request: HttpRequest):
    """Proposals waiting for the arkivar (A1–A6)."""
    return selectors.decisions_pending(actor=request.user)


@router.post("/decisions/{decision_id}", response=DecisionOut)
def decide(request: HttpRequest, decision_id: int, body: DecideIn):
    """Confirm the proposal (no outcome) or override it (an outcome and a reason)."""
    decision = selectors.decision_get(actor=request.user, decision_id=decision_id)
    return services.decision_confirm(
        actor=request.user,
        decision=decision,
        outcome=body.outcome.value if body.outcome else None,
        reason=body.reason,
    )


@router.get("/public-journal", response=list[PublicLineOut], auth=None)
def public_journal(request: HttpRequest, start: date, end: date):
    """The offentlig journal of a period, screened; open to everyone."""
    return list(selectors.public_journal(start=start, end=end))
