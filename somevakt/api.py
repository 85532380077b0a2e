"""The REST API: django-ninja, because its schemas are pydantic models like the policy and
the ingestion events, and it serves its OpenAPI schema and docs from bundled files.

Every endpoint calls the same selectors and services as the pages, so the permission
checks hold here too; the session login of the web pages authenticates (ninja checks CSRF for it).
"""

from datetime import date, datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import HttpRequest
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.pagination import paginate
from ninja.security import django_auth

from somevakt.archive.api import router as archive_router
from somevakt.archive.services import ArchiveError
from somevakt.core.pagination import Pages
from somevakt.deadlines.selectors import open_questions
from somevakt.governance.selectors import compliance_findings
from somevakt.inbox.selectors import item_list, thread_get, thread_tree
from somevakt.moderation.api import router as moderation_router
from somevakt.moderation.services import ModerationError
from somevakt.policy.selectors import PolicyNotLoaded, policy_versions
from somevakt.sources.selectors import channel_get, channel_list
from somevakt.triage.models import Severity


class ProblemOut(Schema):
    detail: str = Field(..., description="what is wrong, in words")


class ProblemWhereOut(Schema):
    where: str = Field(..., description="the parameter, e.g. query.limit or body.rules")
    problem: str


class InvalidOut(ProblemOut):
    problems: list[ProblemWhereOut]


# Every operation can meet these answers (the exception handlers below and ninja's own
# checks); the schema says so, so that clients and the fuzz test know them.
ERROR_ANSWERS = {
    "400": (ProblemOut, "the body is not JSON"),
    "401": (ProblemOut, "not logged in"),
    "403": (ProblemOut, "the role does not allow it, or the CSRF token is missing"),
    "404": (ProblemOut, "no such object, or not visible to this user"),
    "409": (ProblemOut, "the object is not in a state that allows the step"),
    "422": (InvalidOut, "a parameter or the body does not fit; `problems` says where"),
    "503": (ProblemOut, "no policy is loaded yet"),
}


class SomevaktAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for model, _description in ERROR_ANSWERS.values():
            definition = model.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(definition.pop("$defs", {}))
            components[model.__name__] = definition
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, (model, description) in ERROR_ANSWERS.items():
                    if status == "400" and "requestBody" not in operation:
                        continue
                    if status == "401" and not operation.get("security"):
                        continue
                    operation["responses"].setdefault(
                        status,
                        {
                            "description": description,
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": f"#/components/schemas/{model.__name__}"}
                                }
                            },
                        },
                    )
        return schema


api = SomevaktAPI(
    title="somevakt API",
    version="1",
    description="The municipality's social media, by its own policy.",
    auth=django_auth,
    docs_decorator=login_required,
)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied):
    return api.create_response(request, {"detail": str(exc)}, status=403)


@api.exception_handler(ObjectDoesNotExist)
def _not_found(request: HttpRequest, exc: ObjectDoesNotExist):
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(PolicyNotLoaded)
def _no_policy(request: HttpRequest, exc: PolicyNotLoaded):
    return api.create_response(request, {"detail": str(exc)}, status=503)


@api.exception_handler(ModerationError)
@api.exception_handler(ArchiveError)
def _conflict(request: HttpRequest, exc: ModerationError | ArchiveError):
    return api.create_response(request, {"detail": str(exc)}, status=409)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError):
    problems = [
        {"where": ".".join(str(part) for part in error["loc"]), "problem": error["msg"]}
        for error in exc.errors
    ]
    return api.create_response(
        request, {"detail": "Invalid request.", "problems": problems}, status=422
    )


class AuthorOut(Schema):
    platform_author_id: str
    display_name: str


class FindingOut(Schema):
    rule: str
    start: int = Field(..., description="span in the item's text, end exclusive")
    end: int
    words: str
    severity: str = Field(..., description="note, review or hide_now")
    confidence: float
    reason: str

    @staticmethod
    def resolve_severity(finding) -> str:
        return Severity(finding.severity).name.lower()


class ScreeningOut(Schema):
    language: str
    is_question: bool
    needs_case_processing: bool
    needs_moderation: bool
    suggested_reply: str
    policy_sha256: str | None = Field(None, description="the policy version screened under")
    screened_at: datetime
    findings: list[FindingOut]

    @staticmethod
    def resolve_policy_sha256(screening) -> str | None:
        return screening.policy_version.sha256 if screening.policy_version else None

    @staticmethod
    def resolve_findings(screening) -> list:
        return list(screening.findings.all())


class ItemOut(Schema):
    id: int
    platform: str
    external_id: str
    channel: str = Field(..., alias="channel.slug")
    thread_id: int
    parent_id: int | None
    kind: str
    author: AuthorOut | None
    text: str
    links: list
    attachments: list
    published_at: datetime | None
    version_count: int
    is_hidden_on_platform: bool
    deleted_on_platform_at: datetime | None
    is_demo: bool
    screening: ScreeningOut | None = Field(None, description="the screening of the current text")

    @staticmethod
    def resolve_screening(item):
        return item.screening_now[0] if item.screening_now else None


class ThreadItemOut(ItemOut):
    depth: int


class ThreadOut(Schema):
    id: int
    platform: str
    external_id: str
    channel: str = Field(..., alias="channel.slug")
    started_at: datetime
    last_activity_at: datetime
    is_demo: bool
    items: list[ThreadItemOut] = Field(..., alias="tree")


class ChannelOut(Schema):
    slug: str
    name: str
    channel_type: str
    platform: str
    external_id: str
    url: str
    unit: str = Field(..., alias="unit.name")
    admin_count: int
    member_count: int
    item_count: int
    is_demo: bool


class RuleOut(Schema):
    id: str
    section: str
    title: str
    text: str
    immediate_hide: bool


class PolicyOut(Schema):
    name: str
    sha256: str
    activated_at: datetime
    document: dict
    rules: list[RuleOut]


class ItemFilter(Schema):
    channel: str | None = Field(None, description="the channel's short name (slug)")
    needs_moderation: bool = Field(
        False, description="only items whose screening needs a moderator"
    )


@api.get("/items", response=list[ItemOut], tags=["inbox"])
@paginate(Pages)
def items(request: HttpRequest, filters: Query[ItemFilter]):
    """Items in the inbox, newest first."""
    return item_list(
        actor=request.user, channel_slug=filters.channel, needs_moderation=filters.needs_moderation
    )


@api.get("/items/{item_id}", response=ItemOut, tags=["inbox"])
def item(request: HttpRequest, item_id: int):
    return item_list(actor=request.user).get(pk=item_id)


@api.get("/threads/{thread_id}", response=ThreadOut, tags=["inbox"])
def thread(request: HttpRequest, thread_id: int):
    found = thread_get(actor=request.user, thread_id=thread_id)
    entries = []
    for entry, depth in thread_tree(found):
        entry.depth = depth
        entries.append(entry)
    found.tree = entries
    return found


@api.get("/channels", response=list[ChannelOut], tags=["channels"])
def channels(request: HttpRequest):
    return channel_list(actor=request.user)


@api.get("/channels/{slug}", response=ChannelOut, tags=["channels"])
def channel(request: HttpRequest, slug: str):
    return channel_get(actor=request.user, slug=slug)


@api.get("/policy", response=PolicyOut, tags=["policy"])
def policy(request: HttpRequest):
    """The policy in force (D9) with every rule."""
    version = policy_versions(actor=request.user).first()
    if version is None:
        raise PolicyNotLoaded()
    return {
        "name": version.name,
        "sha256": version.sha256,
        "activated_at": version.activated_at,
        "document": version.document,
        "rules": [
            {
                "id": rule_id,
                **rule.model_dump(include={"section", "title", "text", "immediate_hide"}),
            }
            for rule_id, rule in version.policy.rules.items()
        ],
    }


class QuestionOut(Schema):
    id: int
    item_id: int
    thread_id: int
    channel: str = Field(..., description="the channel's short name")
    asked_at: datetime
    due_at: datetime | None = Field(..., description="None: no deadline on the channel (S1)")
    rule: str = Field(..., description="O5, L2, S1 or K1 (crisis mode)")
    is_crisis: bool
    assigned_to: str | None

    @staticmethod
    def resolve_channel(clock) -> str:
        return clock.channel.slug

    @staticmethod
    def resolve_assigned_to(clock) -> str | None:
        return clock.assigned_to.get_username() if clock.assigned_to else None


@api.get("/questions", response=list[QuestionOut], tags=["deadlines"])
@paginate(Pages)
def questions(request: HttpRequest):
    """Questions waiting for a first answer: crisis questions first, then by due time."""
    return open_questions(actor=request.user)


class ComplianceFindingOut(Schema):
    rule: str
    channel: str = Field(..., description="the channel's short name")
    since: date
    what: str
    fix: str

    @staticmethod
    def resolve_channel(finding) -> str:
        return finding.channel.slug


@api.get("/compliance", response=list[ComplianceFindingOut], tags=["governance"])
def compliance(request: HttpRequest):
    """Channel governance findings (L2, L3, L4, G2, S1, S2), as `manage.py compliance`."""
    return compliance_findings(actor=request.user)


api.add_router("/moderation", moderation_router)
api.add_router("/archive", archive_router)
