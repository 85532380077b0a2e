"""A fake Instagram Graph API: media, comments with replies, hide, delete, replies and
private replies, with Graph's error envelope and usage headers.

Comments start from the documented IG Comment node (restfb's fixture); more are made in
the same shape. The access token travels as Graph's `access_token` parameter.
"""

import copy
import json
from typing import Any

from somevakt.connectors.platforms.fakes.server import Answer, FakeServer, Request, fixture, pages

ACCESS_TOKEN = "IGQfake-instagram-token"  # noqa: S105 (a test credential)
ACCOUNT = "17841400000000000"  # the municipality's Instagram professional account
VERSION = "v21.0"


def graph_error(message: str, code: int, status: int = 400, subcode: int | None = None) -> Answer:
    error: dict[str, Any] = {"message": message, "type": "OAuthException", "code": code}
    if subcode:
        error["error_subcode"] = subcode
    error["fbtrace_id"] = "AfakeTraceId"
    return Answer(status, {"error": error})


def ig_comment(
    comment_id: str,
    *,
    text: str = "",
    media: str = "987654321",
    user: str = "98765432123",
    username: str = "",
    at: str = "2018-02-23T21:32:16+0000",
    hidden: bool = False,
) -> dict[str, Any]:
    node = copy.deepcopy(fixture("instagram", "graph_restfb_ig_comment.json"))
    node.update(id=comment_id, hidden=hidden, timestamp=at, media={"id": media}, user={"id": user})
    node["text"] = text or node["text"]
    node["replies"] = {"data": []}
    if username:
        node["username"] = username
    return node


class FakeInstagram(FakeServer):
    def __init__(self, *, lenient: bool = False) -> None:
        super().__init__(lenient=lenient)
        documented = fixture("instagram", "graph_restfb_ig_comment.json")
        self.media: list[str] = [documented["media"]["id"]]
        self.comments: dict[str, list[dict[str, Any]]] = {documented["media"]["id"]: [documented]}
        self.deleted: set[str] = set()

    def authorised(self, request: Request) -> bool:
        token = request.params.get("access_token") or (request.body or {}).get("access_token")
        return token == ACCESS_TOKEN

    def dispatch(self, request: Request) -> Answer:
        answer = super().dispatch(request)
        if answer.status == 401:
            return graph_error("Invalid OAuth access token.", 190, 401)
        return answer

    def routes(self) -> None:
        prefix = f"/{VERSION}"
        self.route("GET", f"{prefix}/{{id}}/media", self.list_media)
        self.route("GET", f"{prefix}/{{id}}/comments", self.list_comments)
        self.route("GET", f"{prefix}/{{id}}", self.node)
        self.route("POST", f"{prefix}/{{id}}/replies", self.reply)
        self.route("POST", f"{prefix}/{{id}}/messages", self.message)
        self.route("POST", f"{prefix}/{{id}}", self.hide)
        self.route("DELETE", f"{prefix}/{{id}}", self.delete)

    def add_media(self, media_id: str, *comments: dict[str, Any]) -> None:
        with self.lock:
            if media_id not in self.comments:
                self.media.insert(0, media_id)
            self.comments.setdefault(media_id, []).extend(comments)

    def _find(self, comment_id: str) -> dict[str, Any] | None:
        for comments in self.comments.values():
            for comment in comments:
                if comment["id"] == comment_id:
                    return comment
                for reply in comment.get("replies", {}).get("data", []):
                    if reply["id"] == comment_id:
                        return reply
        return None

    def _paged(self, request: Request, items: list[Any], path: str) -> Answer:
        size = int(request.params.get("limit", 25))
        chunk, following = pages(items, size, request.params.get("after"))
        paging: dict[str, Any] = {"cursors": {"before": "0", "after": following or ""}}
        if following:
            paging["next"] = f"https://graph.facebook.com/{VERSION}/{path}?after={following}"
        return Answer(200, {"data": chunk, "paging": paging})

    def not_held(self, answer: Answer) -> bool:
        return answer.status == 400 and answer.body["error"]["code"] == 100

    def demo_answer(self, request: Request) -> Answer | None:
        target = request.match.get("id", "")
        if request.method == "DELETE":
            self.deleted.add(target)
            self.record("delete", comment=target)
            return Answer(200, {"success": True})
        if request.method == "POST" and request.path.endswith("/replies"):
            self.add_media("demo", ig_comment(target, media="demo"))
            return self.reply(request)
        if request.method == "POST" and "hide" in (request.body or {}):
            self.add_media("demo", ig_comment(target, media="demo"))
            return self.hide(request)
        if request.method == "POST" and request.path.endswith("/messages"):
            recipient = json.loads((request.body or {}).get("recipient", "{}"))
            self.add_media("demo", ig_comment(str(recipient.get("comment_id")), media="demo"))
            return self.message(request)
        return None

    def node(self, request: Request) -> Answer:
        if request.match["id"] == ACCOUNT:
            return Answer(200, {"id": ACCOUNT, "username": "rakkestadkommune"})
        return graph_error("Unsupported get request.", 100)

    def list_media(self, request: Request) -> Answer:
        media = [{"id": m, "media_product_type": "FEED"} for m in self.media]
        return self._paged(request, media, f"{ACCOUNT}/media")

    def list_comments(self, request: Request) -> Answer:
        medium = request.match["id"]
        visible = [c for c in self.comments.get(medium, []) if c["id"] not in self.deleted]
        return self._paged(request, visible, f"{medium}/comments")

    def hide(self, request: Request) -> Answer:
        comment = self._find(request.match["id"])
        if comment is None or comment["id"] in self.deleted:
            return graph_error("(#100) Object does not exist", 100)
        hide = (request.body or {}).get("hide") == "true"
        comment["hidden"] = hide
        self.record("hide" if hide else "unhide", comment=comment["id"])
        return Answer(200, {"success": True})

    def delete(self, request: Request) -> Answer:
        comment_id = request.match["id"]
        if self._find(comment_id) is None or comment_id in self.deleted:
            return graph_error("(#100) Object does not exist", 100)
        self.deleted.add(comment_id)
        self.record("delete", comment=comment_id)
        return Answer(200, {"success": True})

    def reply(self, request: Request) -> Answer:
        parent = self._find(request.match["id"])
        if parent is None:
            return graph_error("(#100) Object does not exist", 100)
        reply_id = f"{parent['id']}{len(parent.setdefault('replies', {'data': []})['data']) + 1}"
        message = (request.body or {}).get("message", "")
        parent["replies"]["data"].append(
            {"id": reply_id, "text": message, "timestamp": "2026-11-26T12:00:00+0000"}
        )
        self.record("reply", comment=parent["id"], text=message)
        return Answer(200, {"id": reply_id})

    def message(self, request: Request) -> Answer:
        body = request.body or {}
        recipient = json.loads(body.get("recipient", "{}"))
        text = json.loads(body.get("message", "{}")).get("text", "")
        if self._find(str(recipient.get("comment_id"))) is None:
            return graph_error("(#100) No matching comment", 100)
        self.record("private_reply", comment=recipient["comment_id"], text=text)
        return Answer(200, {"recipient_id": "fake-recipient", "message_id": "m_fake"})
