"""The connector interface: what somevakt needs from every platform, and the registry.

A connector does two things for one connected account:
- ingest: turn what the platform sends or answers into ItemEvents. Pushing platforms
  hand a webhook body to `parse_webhook`; the others are asked with `poll`; `backfill`
  fetches history from before the connection. Poll and backfill go page by page with
  an opaque cursor, which the caller stores on the account and passes back.
- act: carry out an approved hide, unhide, deletion, ban, unban, reply or private reply
  (`act`). Which of these a platform offers is declared in capabilities.SUPPORTED; the
  moderation pages offer only those and say why not otherwise.

Publish: `publish` puts one of the municipality's own posts on the page, `update` edits
its text and `pin` pins or unpins it, where the platform offers that
(capabilities.PUBLISHING, with why not otherwise). Each returns a `Published`: the
platform's post id and the post as a raw change, which goes through the same ingestion
as everything else.

Where a platform reports a page's daily figures (followers, reach), `insights` fetches
them (`insights_offered` says whether it does); the poll runner records them once a day.

Errors say what to do next: a RetryableError (throttling, a platform that does not
answer) is tried again after `retry_after` (or the outbox's own pause), a PermanentError
is reported as failed. Raw payloads are kept (RawEvent) before they become items, so that
the archive holds what the platform really sent and nothing unknown is silently dropped.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.utils.module_loading import import_string

from somevakt.connectors.capabilities import (
    PUBLISHING,
    SUPPORTED,
    PlatformAction,
    PostAction,
    publishing_why_not,
    why_not,
)
from somevakt.inbox.events import ItemEvent

if TYPE_CHECKING:
    from somevakt.connectors.models import ConnectedAccount


class PlatformError(Exception):
    """A platform refused or failed a call. `retryable` says whether trying again can help;
    `retry_after` is how long the platform asked us to wait (throttling), if it said."""

    def __init__(
        self,
        message: str,
        *,
        code: int | None = None,
        retryable: bool = False,
        retry_after: datetime.timedelta | None = None,
    ):
        super().__init__(message)
        self.code = code
        self.retryable = retryable or retry_after is not None
        self.retry_after = retry_after


class RetryableError(PlatformError):
    def __init__(self, message: str, *, code: int | None = None, retry_after=None):
        super().__init__(message, code=code, retryable=True, retry_after=retry_after)


class ThrottledError(RetryableError):
    """The platform's rate limit is reached: wait, this is not a failure."""


class PermanentError(PlatformError):
    def __init__(self, message: str, *, code: int | None = None):
        super().__init__(message, code=code, retryable=False)


@dataclass(frozen=True)
class Target:
    """What an action is about: the object on the platform, and for bans the page and user."""

    object_id: str = ""
    page_id: str = ""
    user_id: str = ""


class RawStatus(StrEnum):
    INGESTED = "ingested"  # became (part of) an item
    UNKNOWN = "unknown"  # a field, item kind or verb somevakt does not know: reported
    SKIPPED = "skipped"  # known and deliberately not an item (e.g. a reaction)
    REJECTED = "rejected"  # malformed, or for a page that is not registered: reported


@dataclass
class RawChange:
    """One change as the platform sent it, with what somevakt made of it.

    `dedup_key` is the same for the same change however often and in whatever delivery
    it arrives (Meta retries whole deliveries, and may batch changes differently).
    """

    dedup_key: str
    field: str
    verb: str
    payload: dict[str, Any]
    external_id: str = ""
    event: ItemEvent | None = None
    status: RawStatus = RawStatus.INGESTED
    reason: str = ""


@dataclass
class Page:
    """One page of a poll or a backfill: the raw changes, and the cursor for the next page
    (None when there is nothing more)."""

    changes: list[RawChange] = field(default_factory=list)
    cursor: dict[str, Any] | None = None


@dataclass(frozen=True)
class DayInsight:
    """One day's figures for a page as its platform reports them; None: not reported."""

    date: datetime.date
    followers: int | None = None
    reach: int | None = None
    impressions: int | None = None


@dataclass
class Published:
    """A post as the platform holds it after publishing, editing or pinning: its id there,
    and the post as a change for the ingestion (None if the platform did not show it)."""

    external_id: str
    change: RawChange | None = None


class IngestMode(StrEnum):
    WEBHOOK = "webhook"
    POLL = "poll"
    BACKFILL = "backfill"


class Connector:
    """Base for one platform's connector; subclasses set `platform` and `ingest_modes` and
    implement what those modes need, plus `act` and `test_connection`."""

    platform: ClassVar[str]
    ingest_modes: ClassVar[frozenset[IngestMode]] = frozenset()
    insights_offered: ClassVar[bool] = False  # whether `insights` is implemented

    def __init__(self, *, account: ConnectedAccount | None = None, base_url: str = ""):
        self.account = account
        self.base_url = base_url.rstrip("/")

    # --- construction --------------------------------------------------------------
    @classmethod
    def for_account(cls, account: ConnectedAccount) -> Connector:
        raise NotImplementedError

    @classmethod
    def demo(cls) -> Connector:
        """The connector for the local fake platform, used while no account is connected."""
        return cls(base_url=settings.SOMEVAKT_PLATFORM_API_URL)

    # --- capabilities ---------------------------------------------------------------
    @classmethod
    def capabilities(cls) -> frozenset[PlatformAction]:
        return SUPPORTED.get(cls.platform, frozenset())

    @classmethod
    def why_not(cls, action: PlatformAction) -> str:
        return why_not(cls.platform, action)

    @classmethod
    def publishing(cls) -> frozenset[PostAction]:
        return PUBLISHING.get(cls.platform, frozenset())

    @classmethod
    def publishing_why_not(cls, action: PostAction) -> str:
        return publishing_why_not(cls.platform, action)

    # --- ingest ----------------------------------------------------------------------
    @classmethod
    def verify_signature(cls, *, body: bytes, headers: Mapping[str, str], secret: str) -> bool:
        """Whether a webhook body was signed with `secret` (constant-time)."""
        raise NotImplementedError(f"{cls.platform} does not push webhooks")

    @classmethod
    def webhook_shape_problem(cls, payload: Any) -> str:
        """What is wrong with a decoded body's outer shape ("" if nothing); checked in the
        request, so that the sender hears of it (400)."""
        return ""

    @classmethod
    def parse_webhook(cls, payload: Any) -> list[RawChange]:
        """The changes in a (verified, JSON-decoded) webhook body, known or not."""
        raise NotImplementedError(f"{cls.platform} does not push webhooks")

    def poll(self, cursor: dict[str, Any] | None) -> Page:
        """What is new since `cursor` (None: start now)."""
        raise NotImplementedError(f"{self.platform} is not polled")

    def backfill(self, cursor: dict[str, Any] | None) -> Page:
        """One page of history, oldest pages last; start with cursor None."""
        raise NotImplementedError(f"{self.platform} has no backfill")

    def insights(self, first_day: datetime.date, last_day: datetime.date) -> list[DayInsight]:
        """The page's figures for each ended day from `first_day` to `last_day` that the
        platform reports."""
        raise NotImplementedError(f"{self.platform} offers no insights")

    # --- act -------------------------------------------------------------------------
    def act(
        self, action: PlatformAction, target: Target, *, text: str = "", key: str = ""
    ) -> dict[str, Any]:
        """Carry out one action; `key` is the idempotency key (repeats must be harmless)."""
        raise NotImplementedError

    # --- publish ---------------------------------------------------------------------
    # The public methods refuse what the platform does not offer (capabilities.PUBLISHING),
    # before any call; connectors implement the underscored ones.
    def publish(self, text: str, *, page_id: str, key: str) -> Published:
        """Put a post of the municipality's own on the page (`page_id`, the channel's id on
        the platform); `key` is the idempotency key: a repeat with the same key gives the
        same post, never a second."""
        self._offers(PostAction.PUBLISH)
        return self._publish(text, page_id=page_id, key=key)

    def update(self, external_id: str, text: str, *, key: str) -> Published:
        """Replace the text of a published post (the platform keeps its own history)."""
        self._offers(PostAction.UPDATE)
        return self._update(external_id, text, key=key)

    def pin(self, external_id: str, *, pinned: bool, key: str) -> Published:
        """Pin the post at the top of the page, or unpin it."""
        self._offers(PostAction.PIN)
        return self._pin(external_id, pinned=pinned, key=key)

    def _offers(self, action: PostAction) -> None:
        if action not in self.publishing():
            raise PermanentError(self.publishing_why_not(action))

    def _publish(self, text: str, *, page_id: str, key: str) -> Published:
        raise NotImplementedError

    def _update(self, external_id: str, text: str, *, key: str) -> Published:
        raise NotImplementedError

    def _pin(self, external_id: str, *, pinned: bool, key: str) -> Published:
        raise NotImplementedError

    def test_connection(self) -> str:
        """Call the platform with the account's credentials; returns what it answered
        (e.g. the page's name). Raises PlatformError when that fails."""
        raise NotImplementedError


# --- the registry ------------------------------------------------------------------------

# Platform → the connector class (dotted path, imported on first use).
CONNECTORS: dict[str, str] = {
    "facebook": "somevakt.connectors.facebook.FacebookConnector",
    "instagram": "somevakt.connectors.platforms.instagram.InstagramConnector",
    "youtube": "somevakt.connectors.platforms.youtube.YouTubeConnector",
    "x": "somevakt.connectors.platforms.x.XConnector",
    "wordpress": "somevakt.connectors.platforms.wordpress.WordPressConnector",
    "mastodon": "somevakt.connectors.platforms.mastodon.MastodonConnector",
}
# Platforms without their own connector yet act through the Graph-style client, which
# the local fake platform answers (the demo and the tests).
FALLBACK = "somevakt.connectors.client.GraphConnector"


@cache
def connector_class(platform: str) -> type[Connector]:
    if platform in CONNECTORS:
        return import_string(CONNECTORS[platform])
    fallback = import_string(FALLBACK)
    return type(f"{platform.title()}GraphConnector", (fallback,), {"platform": platform})


def connector_for(platform: str, *, page_id: str = "") -> Connector:
    """The connector for the account connected for `page_id` on `platform`, or for the
    local fake platform when none is connected."""
    from somevakt.connectors.selectors import account_for_page

    cls = connector_class(platform)
    account = account_for_page(platform=platform, page_id=page_id) if page_id else None
    if account is None:
        return cls.demo()
    return cls.for_account(account)
