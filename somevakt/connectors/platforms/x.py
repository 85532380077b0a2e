"""X (Twitter) API v2: mentions and the conversations under the account's own posts are
polled; replies are hidden and shown again; the account replies.

Auth: an OAuth 2.0 user-context access token (scopes tweet.read, users.read,
tweet.write, tweet.moderate.write) sent as `Authorization: Bearer`; hiding replies needs
user context, an app-only token cannot. X offers no deletion of others' posts and no
ban through the API (capabilities.py says so on the moderation pages).

Polling goes round the sources one page per call: the account's own posts, its mentions,
then a recent search per conversation of its own posts from the last seven days (the
window search/recent covers). Each source continues from its newest id (since_id) and
pages with next_token. Every answer's x-rate-limit-remaining/-reset is read: at zero the
next call waits for the reset instead of failing; a 429 is a wait, not an error.
A5: these items are normally neither archived nor journaled; that is the archive's rule.
"""

from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

from django.conf import settings

from somevakt.connectors.base import IngestMode, Page, RawChange, Target
from somevakt.connectors.capabilities import PlatformAction
from somevakt.connectors.platforms.common import (
    PlatformConnector,
    now_utc,
    parse_time,
    raw_change,
)
from somevakt.connectors.platforms.http import Response, Throttled, Transport, raise_for_status
from somevakt.inbox.events import EventAuthor, ItemEvent
from somevakt.inbox.models import ItemKind

TWEET_FIELDS = (
    "author_id,conversation_id,created_at,in_reply_to_user_id,referenced_tweets,"
    "edit_history_tweet_ids"
)
SEARCH_WINDOW = timedelta(days=7)
TWITTER_EPOCH_MS = 1288834974657


def snowflake_time(tweet_id: str) -> datetime:
    """The moment encoded in an X id (milliseconds since X's epoch, shifted by 22 bits)."""
    return datetime.fromtimestamp(((int(tweet_id) >> 22) + TWITTER_EPOCH_MS) / 1000, tz=UTC)


class XConnector(PlatformConnector):
    platform: ClassVar[str] = "x"
    ingest_modes = frozenset({IngestMode.POLL, IngestMode.BACKFILL})

    def __init__(
        self,
        *,
        user_id: str,
        access_token: str,
        base_url: str = "https://api.x.com/2",
        account: Any = None,
        throttled_until: datetime | None = None,
    ):
        super().__init__(account=account, base_url=base_url)
        self.user_id = user_id
        self.http = Transport.bearer(base_url, access_token)
        self.throttled_until = throttled_until
        self.rate_limits: dict[str, dict[str, int]] = {}

    @classmethod
    def for_account(cls, account: Any) -> "XConnector":
        return cls(
            user_id=account.account_id,
            access_token=account.access_token,
            base_url=account.api_base_url or settings.SOMEVAKT_X_API_URL,
            account=account,
            throttled_until=account.throttled_until,
        )

    @classmethod
    def demo(cls) -> "XConnector":
        from somevakt.connectors.platforms.fakes import x as fake

        return cls(
            user_id=fake.ACCOUNT,
            access_token=fake.ACCESS_TOKEN,
            base_url=f"{settings.SOMEVAKT_DEMO_PLATFORMS_URL}/x/2",
        )

    def test_connection(self) -> str:
        me = self._call("GET", "users/me").body.get("data", {})
        return f"@{me.get('username', '')} ({me.get('id', '')})"

    def _call(self, method: str, path: str, **kwargs: Any) -> Response:
        now = now_utc()
        if self.throttled_until and self.throttled_until > now:
            raise Throttled(
                f"X: rate limit reached, waiting until {self.throttled_until:%H:%M:%S} UTC",
                wait_seconds=(self.throttled_until - now).total_seconds(),
            )
        response = self.http.request(method, path, **kwargs)
        remaining = response.header_float("x-rate-limit-remaining")
        reset = response.header_float("x-rate-limit-reset")
        if remaining is not None and reset is not None:
            self.rate_limits[path] = {"remaining": int(remaining), "reset": int(reset)}
            if remaining <= 0 or response.status == 429:
                self._wait_until(datetime.fromtimestamp(reset, tz=UTC))
        if response.status == 429:
            until = self.throttled_until or now + timedelta(minutes=15)
            raise Throttled("X: too many requests", wait_seconds=(until - now).total_seconds())
        return raise_for_status(response, "X")

    def _wait_until(self, until: datetime) -> None:
        self.throttled_until = until
        if self.account is not None:
            from somevakt.connectors.services import account_rate_limit_record

            account_rate_limit_record(
                account=self.account, usage={"x": self.rate_limits}, throttled_until=until
            )

    # Ingest

    def poll(self, cursor: dict[str, Any] | None) -> Page:
        """One page of one source; `more` in the cursor: the round is not finished."""
        if not cursor:
            start = now_utc().strftime("%Y-%m-%dT%H:%M:%SZ")
            return Page([], {"start_time": start, "since": {}, "conversations": {}})
        cursor = dict(cursor)
        queue = cursor.get("queue") or self._round(cursor)
        source, rest = queue[0], queue[1:]
        since = dict(cursor.get("since", {}))
        params: dict[str, Any] = {
            "max_results": 100,
            "tweet.fields": TWEET_FIELDS,
            "expansions": "author_id",
            "user.fields": "name,username",
            "pagination_token": cursor.get("token"),
        }
        if since.get(source):
            params["since_id"] = since[source]
        else:
            params["start_time"] = cursor["start_time"]
        if source == "tweets":
            path = f"users/{self.user_id}/tweets"
        elif source == "mentions":
            path = f"users/{self.user_id}/mentions"
        else:
            path = "tweets/search/recent"
            params["query"] = f"conversation_id:{source.removeprefix('conversation:')}"
            params["next_token"] = params.pop("pagination_token")
            if "start_time" in params:  # search/recent refuses a start older than 7 days
                floor = now_utc() - SEARCH_WINDOW + timedelta(minutes=1)
                start = max(parse_time(params["start_time"]) or floor, floor)
                params["start_time"] = start.strftime("%Y-%m-%dT%H:%M:%SZ")
        body = self._call("GET", path, params=params).body or {}
        meta = body.get("meta", {})
        users = {u["id"]: u for u in body.get("includes", {}).get("users", [])}
        changes = [self.change_for(tweet, users, source) for tweet in body.get("data", [])]
        newest = cursor.get("newest") or meta.get("newest_id")
        conversations = dict(cursor.get("conversations", {}))
        if source == "tweets":  # a new post of ours: its conversation is read this round
            for tweet in body.get("data", []):
                conversation = str(tweet.get("conversation_id") or tweet["id"])
                if conversation not in conversations:
                    rest = [*rest, f"conversation:{conversation}"]
                conversations[conversation] = (
                    tweet.get("created_at") or snowflake_time(tweet["id"]).isoformat()
                )
        following = meta.get("next_token")
        next_cursor = {
            "start_time": cursor["start_time"],
            "since": since,
            "conversations": conversations,
        }
        if following:
            next_cursor |= {"queue": [source, *rest], "token": following, "newest": newest}
        else:
            if newest:
                since[source] = newest
            if rest:
                next_cursor["queue"] = rest
        next_cursor["more"] = bool(following or rest)
        return Page(changes, next_cursor)

    def backfill(self, cursor: dict[str, Any] | None) -> Page:
        """The account's own posts, then its mentions, newest first, as far back as X
        lets a timeline go (3,200 and 800 posts); older replies are out of reach."""
        cursor = dict(cursor or {"stage": "tweets", "token": None})
        stage = cursor["stage"]
        params = {
            "max_results": 100,
            "tweet.fields": TWEET_FIELDS,
            "expansions": "author_id",
            "user.fields": "name,username",
            "pagination_token": cursor.get("token"),
        }
        body = self._call("GET", f"users/{self.user_id}/{stage}", params=params).body or {}
        users = {u["id"]: u for u in body.get("includes", {}).get("users", [])}
        changes = [self.change_for(tweet, users, stage) for tweet in body.get("data", [])]
        following = body.get("meta", {}).get("next_token")
        if following:
            return Page(changes, {"stage": stage, "token": following})
        if stage == "tweets":
            return Page(changes, {"stage": "mentions", "token": None})
        return Page(changes, None)

    def _round(self, cursor: dict[str, Any]) -> list[str]:
        """The sources of one round: own posts, mentions, and each recent conversation."""
        horizon = now_utc() - SEARCH_WINDOW
        recent = [
            conversation
            for conversation, created in cursor.get("conversations", {}).items()
            if (parse_time(created) or horizon) > horizon
        ]
        cursor["conversations"] = {c: cursor["conversations"][c] for c in recent}
        return ["tweets", "mentions", *(f"conversation:{c}" for c in recent)]

    def change_for(self, tweet: dict[str, Any], users: dict[str, Any], source: str) -> RawChange:
        return raw_change(
            platform=self.platform,
            field=source.split(":")[0],
            verb="poll",
            payload=tweet,
            external_id=tweet.get("id", ""),
            build=lambda: self.event_for(tweet, users),
        )

    def event_for(self, tweet: dict[str, Any], users: dict[str, Any]) -> ItemEvent:
        # An edit is a new id; the item is the first id of its edit history.
        history = tweet.get("edit_history_tweet_ids") or [tweet["id"]]
        item_id = str(history[0])
        conversation = str(tweet.get("conversation_id") or item_id)
        replied_to = next(
            (
                str(ref["id"])
                for ref in tweet.get("referenced_tweets", [])
                if ref.get("type") == "replied_to"
            ),
            None,
        )
        author_id = str(tweet.get("author_id") or "")
        user = users.get(author_id, {})
        moment = parse_time(tweet.get("created_at")) or snowflake_time(tweet["id"])
        if conversation == item_id:
            placement: dict[str, Any] = {"kind": ItemKind.POST}
        else:
            placement = {
                "kind": ItemKind.COMMENT if replied_to in (None, conversation) else ItemKind.REPLY,
                "thread_external_id": conversation,
                "parent_external_id": replied_to or conversation,
            }
        return ItemEvent(
            platform=self.platform,
            channel=self.user_id,
            external_id=item_id,
            author=(
                EventAuthor(id=author_id, name=user.get("name") or user.get("username", ""))
                if author_id
                else None
            ),
            text=tweet.get("text", ""),
            published_at=snowflake_time(item_id),
            occurred_at=moment,
            **placement,
        )

    # Act

    def _act(self, action: PlatformAction, target: Target, text: str) -> dict[str, Any]:
        if action == PlatformAction.REPLY:
            body = {"text": text, "reply": {"in_reply_to_tweet_id": target.object_id}}
            return self._call("POST", "tweets", json_body=body).body
        hidden = action == PlatformAction.HIDE
        return self._call(
            "PUT", f"tweets/{target.object_id}/hidden", json_body={"hidden": hidden}
        ).body
