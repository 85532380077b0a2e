"""A fake X API v2: own posts, mentions, recent search by conversation, hidden replies and
posting replies, with x-rate-limit-* headers on every answer.

The recorded search answer (tweepy's cassette) is what a search for an unknown
conversation returns; tweets made here have the documented v2 fields a client asks for
with tweet.fields (author_id, conversation_id, created_at, referenced_tweets).
"""

import time
from datetime import UTC, datetime
from typing import Any

from somevakt.connectors.platforms.fakes.server import Answer, FakeServer, Request, fixture, pages

ACCESS_TOKEN = "x-user-context-token"  # noqa: S105 (a test credential)
ACCOUNT = "1300000000000000000"  # the municipality's user id
TWITTER_EPOCH_MS = 1288834974657


def tweet_id_at(moment: datetime, sequence: int = 0) -> str:
    """A snowflake id for a moment, as X makes them."""
    return str(((int(moment.timestamp() * 1000) - TWITTER_EPOCH_MS) << 22) + sequence)


class FakeX(FakeServer):
    token = f"Bearer {ACCESS_TOKEN}"

    def __init__(self, rate_limit: int = 180, *, lenient: bool = False) -> None:
        super().__init__(lenient=lenient)
        self.tweets: list[dict[str, Any]] = []  # oldest first
        self.users = {
            ACCOUNT: {"id": ACCOUNT, "name": "Rakkestad kommune", "username": "rakkestad"}
        }
        self.hidden: dict[str, bool] = {}
        self.rate_limit = rate_limit
        self.remaining: dict[str, int] = {}
        self.reset_at = int(time.time()) + 900
        self._sequence = 0

    def routes(self) -> None:
        self.route("GET", "/2/users/me", self.me)
        self.route("GET", "/2/users/{id}/tweets", self.timeline)
        self.route("GET", "/2/users/{id}/mentions", self.mentions)
        self.route("GET", "/2/tweets/search/recent", self.search)
        self.route("PUT", "/2/tweets/{id}/hidden", self.hide)
        self.route("POST", "/2/tweets", self.post)

    def add_user(self, user_id: str, name: str, username: str) -> None:
        self.users[user_id] = {"id": user_id, "name": name, "username": username}

    def add_tweet(
        self,
        text: str,
        *,
        author: str = ACCOUNT,
        at: datetime | None = None,
        reply_to: dict[str, Any] | None = None,
        mentions_us: bool = False,
        edit_of: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        with self.lock:
            self._sequence += 1
            moment = at or datetime.now(tz=UTC)
            tweet_id = tweet_id_at(moment, self._sequence)
            history = [*(edit_of["edit_history_tweet_ids"] if edit_of else []), tweet_id]
            tweet: dict[str, Any] = {
                "edit_history_tweet_ids": history,
                "id": tweet_id,
                "text": text,
                "author_id": author,
                "created_at": moment.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                "conversation_id": tweet_id,
            }
            if reply_to:
                tweet["conversation_id"] = reply_to["conversation_id"]
                tweet["in_reply_to_user_id"] = reply_to["author_id"]
                tweet["referenced_tweets"] = [{"type": "replied_to", "id": reply_to["id"]}]
            if edit_of:
                tweet["conversation_id"] = edit_of["conversation_id"]
                for key in ("in_reply_to_user_id", "referenced_tweets"):
                    if key in edit_of:
                        tweet[key] = edit_of[key]
            tweet["_mentions_us"] = mentions_us or bool(
                reply_to and reply_to["author_id"] == ACCOUNT
            )
            self.tweets.append(tweet)
            return tweet

    # Answers

    def _limited(self, endpoint: str, answer: Answer) -> Answer:
        left = self.remaining.get(endpoint, self.rate_limit)
        if left <= 0:
            answer = Answer(
                429,
                {
                    "title": "Too Many Requests",
                    "detail": "Too Many Requests",
                    "type": "about:blank",
                    "status": 429,
                },
            )
        else:
            self.remaining[endpoint] = left - 1
        answer.headers.update(
            {
                "x-rate-limit-limit": str(self.rate_limit),
                "x-rate-limit-remaining": str(max(0, left - 1)),
                "x-rate-limit-reset": str(self.reset_at),
            }
        )
        return answer

    def _listing(self, endpoint: str, found: list[dict[str, Any]], request: Request) -> Answer:
        found = list(reversed(found))  # newest first, as X answers
        if since := request.params.get("since_id"):
            found = [t for t in found if int(t["id"]) > int(since)]
        elif start := request.params.get("start_time"):
            found = [t for t in found if t["created_at"] >= start.replace("Z", ".000Z")]
        size = int(request.params.get("max_results", 10))
        token = request.params.get("pagination_token") or request.params.get("next_token")
        chunk, following = pages(found, size, token)
        public = [{k: v for k, v in t.items() if not k.startswith("_")} for t in chunk]
        meta: dict[str, Any] = {"result_count": len(public)}
        if public:
            meta |= {"newest_id": public[0]["id"], "oldest_id": public[-1]["id"]}
        if following:
            meta["next_token"] = following
        body: dict[str, Any] = {"meta": meta}
        if public:
            body["data"] = public
            authors = {t["author_id"] for t in public}
            body["includes"] = {"users": [self.users[a] for a in authors if a in self.users]}
        return self._limited(endpoint, Answer(200, body))

    def demo_answer(self, request: Request) -> Answer | None:
        if request.method == "PUT":  # hide or show a reply the fake never saw
            tweet_id = request.match["id"]
            hidden = bool((request.body or {}).get("hidden"))
            self.record("hide" if hidden else "unhide", tweet=tweet_id)
            name = "true" if hidden else "false"
            return Answer(200, fixture("x", f"put_tweets_id_hidden_{name}_response.json"))
        return None

    def me(self, request: Request) -> Answer:
        return self._limited("me", Answer(200, {"data": self.users[ACCOUNT]}))

    def timeline(self, request: Request) -> Answer:
        own = [t for t in self.tweets if t["author_id"] == request.match["id"]]
        return self._listing("tweets", own, request)

    def mentions(self, request: Request) -> Answer:
        return self._listing("mentions", [t for t in self.tweets if t["_mentions_us"]], request)

    def search(self, request: Request) -> Answer:
        query = request.params.get("query", "")
        conversation = query.removeprefix("conversation_id:")
        found = [t for t in self.tweets if t["conversation_id"] == conversation]
        if not found and not self.tweets:
            recorded = fixture("x", "get_tweets_search_recent_response.json")
            return self._limited("search", Answer(200, recorded))
        return self._listing("search", found, request)

    def hide(self, request: Request) -> Answer:
        tweet_id = request.match["id"]
        target = next((t for t in self.tweets if t["id"] == tweet_id), None)
        if target is None:
            return Answer(
                404, {"title": "Not Found Error", "detail": f"Could not find tweet {tweet_id}"}
            )
        if target["conversation_id"] == tweet_id or target["author_id"] == ACCOUNT:
            return Answer(
                403,
                {
                    "title": "Forbidden",
                    "detail": "You can only hide replies to your own posts by others.",
                },
            )
        hidden = bool((request.body or {}).get("hidden"))
        self.hidden[tweet_id] = hidden
        self.record("hide" if hidden else "unhide", tweet=tweet_id)
        name = "true" if hidden else "false"
        return self._limited(
            "hide", Answer(200, fixture("x", f"put_tweets_id_hidden_{name}_response.json"))
        )

    def post(self, request: Request) -> Answer:
        body = request.body or {}
        parent_id = (body.get("reply") or {}).get("in_reply_to_tweet_id")
        parent = next((t for t in self.tweets if t["id"] == parent_id), None)
        if parent_id and parent is None and self.lenient:
            parent = self.add_tweet("", author="demo")
            parent["conversation_id"] = parent["id"] = parent_id
        if parent_id and parent is None:
            return Answer(
                400, {"title": "Invalid Request", "detail": "in_reply_to_tweet_id not found"}
            )
        made = self.add_tweet(body.get("text", ""), reply_to=parent)
        self.record("reply", tweet=made["id"], in_reply_to=parent_id, text=made["text"])
        return Answer(
            201,
            {
                "data": {
                    "id": made["id"],
                    "text": made["text"],
                    "edit_history_tweet_ids": made["edit_history_tweet_ids"],
                }
            },
        )
