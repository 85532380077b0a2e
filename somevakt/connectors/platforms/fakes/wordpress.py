"""A fake WordPress REST API (wp/v2 comments), seeded with the comment WordPress core's
own test fixture shows, plus replies, held and spam comments made in the same shape."""

import base64
import copy
from typing import Any

from somevakt.connectors.platforms.fakes.server import Answer, FakeServer, Request, fixture

USER = "informasjon"
APPLICATION_PASSWORD = "abcd EFGH 1234 ijkl MNOP 6789"  # noqa: S105 (a test credential)


def comment(
    number: int,
    *,
    post: int = 4,
    parent: int = 0,
    status: str = "approved",
    text: str = "",
    date: str = "2017-02-14T00:00:00",
) -> dict[str, Any]:
    """A comment in the documented shape (context=edit adds content.raw)."""
    model = copy.deepcopy(fixture("wordpress", "get_wp_v2_comments_id_view_context.json"))
    model.update(id=number, post=post, parent=parent, status=status, date=date, date_gmt=date)
    model["link"] = f"http://example.org/?p={post}#comment-{number}"
    if text:
        model["content"] = {"rendered": f"<p>{text}</p>\n", "raw": text}
    return model


class FakeWordPress(FakeServer):
    token = "Basic " + base64.b64encode(f"{USER}:{APPLICATION_PASSWORD}".encode()).decode()

    def __init__(
        self, comments: list[dict[str, Any]] | None = None, *, lenient: bool = False
    ) -> None:
        super().__init__(lenient=lenient)
        documented = fixture("wordpress", "get_wp_v2_comments_view_context.json")
        self.comments: dict[int, dict[str, Any]] = {
            c["id"]: c for c in (comments if comments is not None else documented)
        }

    def routes(self) -> None:
        self.route("GET", "/wp-json/wp/v2/comments", self.list)
        self.route("GET", "/wp-json/wp/v2/comments/{id}", self.get)
        self.route("POST", "/wp-json/wp/v2/comments/{id}", self.update)
        self.route("POST", "/wp-json/wp/v2/comments", self.create)

    def add(self, *comments: dict[str, Any]) -> None:
        with self.lock:
            for each in comments:
                self.comments[each["id"]] = each

    def demo_answer(self, request: Request) -> Answer | None:
        number = request.match.get("id", "")
        if not number.isdigit():
            return None
        self.comments[int(number)] = comment(int(number), text="demo")
        return self.update(request) if request.method == "POST" else self.get(request)

    def list(self, request: Request) -> Answer:
        status = request.params.get("status", "approve")
        wanted = sorted(self.comments.values(), key=lambda c: (c["date_gmt"], c["id"]))
        if status != "all":
            wanted = [c for c in wanted if c["status"] == "approved"]
        if after := request.params.get("after"):
            wanted = [c for c in wanted if c["date_gmt"] > after]
        per_page = int(request.params.get("per_page", 10))
        page = int(request.params.get("page", 1))
        total_pages = max(1, -(-len(wanted) // per_page))
        if page > total_pages:
            return Answer(
                400,
                {
                    "code": "rest_comment_invalid_page_number",
                    "message": "The page number requested is larger than the number of pages.",
                },
            )
        chunk = wanted[(page - 1) * per_page : page * per_page]
        headers = {"X-WP-Total": str(len(wanted)), "X-WP-TotalPages": str(total_pages)}
        return Answer(200, chunk, headers)

    def get(self, request: Request) -> Answer:
        found = self.comments.get(int(request.match["id"]))
        if found is None:
            return Answer(
                404, {"code": "rest_comment_invalid_id", "message": "Invalid comment ID."}
            )
        return Answer(200, found)

    def update(self, request: Request) -> Answer:
        found = self.comments.get(int(request.match["id"]))
        if found is None:
            return Answer(
                404, {"code": "rest_comment_invalid_id", "message": "Invalid comment ID."}
            )
        status = (request.body or {}).get("status")
        if status not in ("hold", "approved", "spam", "trash"):
            return Answer(
                400, {"code": "rest_invalid_param", "message": f"Invalid status {status!r}."}
            )
        found["status"] = status
        self.record("status", comment=found["id"], status=status)
        return Answer(200, found)

    def create(self, request: Request) -> Answer:
        body = request.body or {}
        number = max(self.comments, default=0) + 1
        made = comment(
            number,
            post=int(body["post"]),
            parent=int(body.get("parent", 0)),
            text=body.get("content", ""),
            date="2026-11-26T12:00:00",
        )
        made.update(author=1, author_name="Rakkestad kommune")
        self.comments[number] = made
        self.record(
            "reply",
            comment=number,
            parent=made["parent"],
            post=made["post"],
            text=body.get("content", ""),
        )
        return Answer(201, made)
