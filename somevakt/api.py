"""The REST API: django-ninja, because its schemas are pydantic models like the policy and
the ingestion events, and it serves its OpenAPI schema and docs from bundled files.

Every endpoint calls the same selectors and services as the pages, so the permission
checks hold here too; the session login of the web pages authenticates (ninja checks CSRF for it).
"""

from datetime import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import HttpRequest
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import ValidationError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import django_auth

from somevakt.inbox.selectors import item_list, thread_get, thread_tree
from somevakt.policy.selectors import PolicyNotLoaded, policy_versions
from somevakt.sources.selectors import channel_get, channel_list

api = NinjaAPI(
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


@api.get("/items", response=list[ItemOut], tags=["inbox"])
@paginate(LimitOffsetPagination)
def items(request: HttpRequest, filters: Query[ItemFilter]):
    """Items in the inbox, newest first."""
    return item_list(actor=request.user, channel_slug=filters.channel)


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
