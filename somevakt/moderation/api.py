"""The moderation steps over the REST API: the same services as the pages, so the role
checks and the four-eyes rule hold here too."""

from datetime import datetime
from enum import StrEnum

from django.http import HttpRequest
from ninja import Router, Schema

from somevakt.inbox.models import Author
from somevakt.moderation import services, views
from somevakt.moderation.models import Ban
from somevakt.moderation.selectors import approvals_pending, author_get, case_get, case_queue

router = Router(tags=["moderation"])

CaseStep = StrEnum("CaseStep", {step: step for step in views.CASE_STEPS})  # type: ignore[misc]
BanStep = StrEnum("BanStep", {step: step for step in views.BAN_STEPS})  # type: ignore[misc]


class StepIn(Schema):
    reason: str = ""
    text: str = ""
    rules: list[str] = []


class CaseOut(Schema):
    id: int
    item_id: int
    state: str
    severity: int
    rules: list[str]
    is_hidden: bool
    proposed_rules: list[str]
    proposal_reason: str
    opened_at: datetime
    proposed_at: datetime | None
    decided_at: datetime | None
    failure: str


class BanOut(Schema):
    id: int
    author_id: int
    state: str
    rules: list[str]
    reason: str
    proposed_at: datetime


class ApprovalsOut(Schema):
    cases: list[CaseOut]
    bans: list[BanOut]


@router.get("/cases", response=list[CaseOut])
def cases(request: HttpRequest):
    """The queue: open and hidden cases, most severe first, then oldest first."""
    return list(case_queue(actor=request.user)[:500])


@router.get("/cases/{case_id}", response=CaseOut)
def case(request: HttpRequest, case_id: int):
    return case_get(actor=request.user, case_id=case_id)


@router.post("/cases/{case_id}/{step}", response=CaseOut)
def case_step(request: HttpRequest, case_id: int, step: CaseStep, body: StepIn):
    """leave, hide, unhide, answer (text), propose (rules, reason), approve, reject (reason),
    retry. 409 when the case is not in a state that allows the step."""
    target = case_get(actor=request.user, case_id=case_id)
    return views.CASE_STEPS[step](request.user, target, body.dict())


@router.get("/approvals", response=ApprovalsOut)
def approvals(request: HttpRequest):
    pending_cases, pending_bans = approvals_pending(actor=request.user)
    return {"cases": list(pending_cases), "bans": list(pending_bans)}


@router.post("/authors/{author_id}/ban", response=BanOut)
def ban_propose(request: HttpRequest, author_id: int, body: StepIn):
    author: Author = author_get(actor=request.user, author_id=author_id)
    return services.ban_propose(
        actor=request.user, author=author, rules=body.rules, reason=body.reason
    )


@router.post("/bans/{ban_id}/{step}", response=BanOut)
def ban_step(request: HttpRequest, ban_id: int, step: BanStep, body: StepIn):
    return views.BAN_STEPS[step](request.user, Ban.objects.get(pk=ban_id), body.dict())
