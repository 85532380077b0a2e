"""A fake YouTube Data API v3 (commentThreads, comments, setModerationStatus).

Comment threads are made from the documented response shape with its placeholders filled
in; no field is added or renamed. The fake charges Google's unit costs and answers
quotaExceeded when its own daily budget is spent, as YouTube does.
"""

import copy
from typing import Any

from somevakt.connectors.platforms.fakes.server import Answer, FakeServer, Request, fixture, pages

ACCESS_TOKEN = "ya29.fake-youtube-token"  # noqa: S105 (a test credential)
CHANNEL = "UCrakkestadkommune0000"
COSTS = {"channels": 1, "commentThreads": 1, "comments": 1, "insert": 50, "setModerationStatus": 50}


def _comment_shape() -> dict[str, Any]:
    shape = fixture("youtube", "commentThreads_list_response.SHAPE.json")
    return shape["items"][0]


def make_comment(
    comment_id: str,
    *,
    video: str = "video1",
    text: str = "",
    author: str = "UCauthor1",
    name: str = "Kari Nordmann",
    at: str = "2026-11-20T10:00:00Z",
    parent: str | None = None,
    status: str = "published",
) -> dict[str, Any]:
    comment = copy.deepcopy(_comment_shape()["snippet"]["topLevelComment"])
    snippet = comment["snippet"]
    comment.update(id=comment_id, etag=f"etag-{comment_id}")
    snippet.update(
        authorChannelId={"value": author},
        updatedAt=at,
        publishedAt=at,
        videoId=video,
        channelId=CHANNEL,
        authorDisplayName=name,
        viewerRating="none",
        textOriginal=text or f"Kommentar {comment_id}",
        textDisplay=text or f"Kommentar {comment_id}",
        authorChannelUrl=f"http://www.youtube.com/channel/{author}",
        authorProfileImageUrl="https://yt3.ggpht.com/a/default-user",
        likeCount=0,
        moderationStatus=status,
        canRate=True,
    )
    if parent:
        snippet["parentId"] = parent
    else:
        del snippet["parentId"]
    return comment


def make_thread(top: dict[str, Any], replies: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    thread = copy.deepcopy(_comment_shape())
    replies = replies or []
    thread.update(id=top["id"], etag=f"etag-thread-{top['id']}")
    thread["snippet"].update(
        isPublic=True,
        totalReplyCount=len(replies),
        channelId=CHANNEL,
        canReply=True,
        videoId=top["snippet"]["videoId"],
        topLevelComment=top,
    )
    # Like YouTube, the thread carries at most five replies; comments.list has them all.
    thread["replies"] = {"comments": replies[:5]}
    if not replies:
        del thread["replies"]
    return thread


class FakeYouTube(FakeServer):
    token = f"Bearer {ACCESS_TOKEN}"

    def __init__(self, daily_quota: int = 10_000, *, lenient: bool = False) -> None:
        super().__init__(lenient=lenient)
        self.threads: list[dict[str, Any]] = []  # newest first, as order=time returns
        self.replies: dict[str, list[dict[str, Any]]] = {}
        self.daily_quota = daily_quota
        self.units_used = 0

    def routes(self) -> None:
        self.route("GET", "/youtube/v3/channels", self.list_channels)
        self.route("GET", "/youtube/v3/commentThreads", self.list_threads)
        self.route("GET", "/youtube/v3/comments", self.list_comments)
        self.route("POST", "/youtube/v3/comments", self.insert)
        self.route("POST", "/youtube/v3/comments/setModerationStatus", self.set_status)

    def add_thread(self, top: dict[str, Any], replies: list[dict[str, Any]] | None = None) -> None:
        with self.lock:
            self.threads.insert(0, make_thread(top, replies))
            self.replies[top["id"]] = list(replies or [])

    def _charge(self, what: str) -> Answer | None:
        cost = COSTS[what]
        if self.units_used + cost > self.daily_quota:
            return Answer(
                403,
                {
                    "error": {
                        "code": 403,
                        "message": "The request cannot be completed because you have exceeded "
                        "your quota.",
                        "errors": [
                            {
                                "message": "quota",
                                "domain": "youtube.quota",
                                "reason": "quotaExceeded",
                            }
                        ],
                    }
                },
            )
        self.units_used += cost
        return None

    def list_channels(self, request: Request) -> Answer:
        if refused := self._charge("channels"):
            return refused
        found = [
            {"kind": "youtube#channel", "id": CHANNEL, "snippet": {"title": "Rakkestad kommune"}}
        ]
        items = found if request.params.get("id") == CHANNEL else []
        return Answer(200, {"kind": "youtube#channelListResponse", "items": items})

    def list_threads(self, request: Request) -> Answer:
        if refused := self._charge("commentThreads"):
            return refused
        if request.params.get("allThreadsRelatedToChannelId") != CHANNEL:
            return Answer(404, {"error": {"code": 404, "message": "channelNotFound"}})
        size = min(int(request.params.get("maxResults", 20)), 100)
        chunk, following = pages(self.threads, size, request.params.get("pageToken"))
        body = {
            "kind": "youtube#commentThreadListResponse",
            "etag": "etag-list",
            "pageInfo": {"totalResults": len(self.threads), "resultsPerPage": size},
            "items": chunk,
        }
        if following:
            body["nextPageToken"] = following
        return Answer(200, body)

    def list_comments(self, request: Request) -> Answer:
        if refused := self._charge("comments"):
            return refused
        replies = self.replies.get(request.params.get("parentId", ""), [])
        size = min(int(request.params.get("maxResults", 20)), 100)
        chunk, following = pages(replies, size, request.params.get("pageToken"))
        body: dict[str, Any] = {"kind": "youtube#commentListResponse", "items": chunk}
        if following:
            body["nextPageToken"] = following
        return Answer(200, body)

    def demo_answer(self, request: Request) -> Answer | None:
        if request.path.endswith("setModerationStatus"):
            self.add_thread(make_comment(request.params.get("id", "demo")))
            return self.set_status(request)
        if request.method == "POST":
            parent = (request.body or {}).get("snippet", {}).get("parentId", "demo")
            self.add_thread(make_comment(parent))
            return self.insert(request)
        return None

    def _find(self, comment_id: str) -> dict[str, Any] | None:
        for thread in self.threads:
            top = thread["snippet"]["topLevelComment"]
            for each in [top, *self.replies.get(top["id"], [])]:
                if each["id"] == comment_id:
                    return each
        return None

    def set_status(self, request: Request) -> Answer:
        if refused := self._charge("setModerationStatus"):
            return refused
        found = self._find(request.params.get("id", ""))
        status = request.params.get("moderationStatus")
        if found is None:
            return Answer(404, {"error": {"code": 404, "message": "commentNotFound"}})
        if status not in ("heldForReview", "published", "rejected"):
            return Answer(400, {"error": {"code": 400, "message": "invalidModerationStatus"}})
        ban = request.params.get("banAuthor") == "true"
        if ban and status != "rejected":
            return Answer(400, {"error": {"code": 400, "message": "banWithoutReject"}})
        found["snippet"]["moderationStatus"] = status
        self.record("moderate", comment=found["id"], status=status, ban_author=ban)
        return Answer(204)

    def insert(self, request: Request) -> Answer:
        if refused := self._charge("insert"):
            return refused
        snippet = (request.body or {}).get("snippet", {})
        parent = snippet.get("parentId", "")
        if parent not in self.replies:
            return Answer(404, {"error": {"code": 404, "message": "parentCommentNotFound"}})
        reply_id = f"{parent}.reply{len(self.replies[parent]) + 1}"
        made = make_comment(
            reply_id,
            text=snippet.get("textOriginal", ""),
            author=CHANNEL,
            name="Rakkestad kommune",
            parent=parent,
            at="2026-11-26T12:00:00Z",
        )
        self.replies[parent].append(made)
        self.record("reply", parent=parent, text=snippet.get("textOriginal", ""))
        return Answer(200, made)
