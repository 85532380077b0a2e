"""The public mirror (K1: social media complement, never replace, the municipality's own
universally designed channels): every official post published through somevakt on a
page without login and in an Atom feed, newest first, the pinned crisis message on top.

Both are in Norwegian whatever the visitor's language, carry no script, and answer a
conditional GET with 304 from one aggregate query (ETag and Last-Modified).
"""

import hashlib

from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_safe

from somevakt.policy.selectors import policy_in_force
from somevakt.publishing.models import Post
from somevakt.publishing.selectors import public_banner, public_fingerprint, public_posts

MAX_AGE = 60  # seconds a browser or proxy may show the page without asking


def _fingerprint(request: HttpRequest, *args, **kwargs) -> tuple:
    cached = getattr(request, "_public_fingerprint", None)
    if cached is None:
        cached = public_fingerprint()
        request._public_fingerprint = cached  # type: ignore[attr-defined]
    return cached


def _etag(request: HttpRequest, *args, **kwargs) -> str:
    changed, count = _fingerprint(request)
    seed = f"{request.path}|{changed.isoformat() if changed else ''}|{count}"
    return hashlib.sha256(seed.encode()).hexdigest()[:32]


def _last_modified(request: HttpRequest, *args, **kwargs):
    return _fingerprint(request)[0]


def _public(view):
    """No login, cacheable, conditional, read-only."""
    view = condition(etag_func=_etag, last_modified_func=_last_modified)(view)
    view = cache_control(public=True, max_age=MAX_AGE)(view)
    return login_not_required(require_safe(view))


@_public
def page(request: HttpRequest) -> HttpResponse:
    municipality = policy_in_force().policy.municipality
    with translation.override("nb"):
        posts = list(public_posts())
        response = render(
            request,
            "publishing/public.html",
            {"municipality": municipality, "posts": posts, "banner": public_banner(posts)},
        )
    return response


class PostsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return policy_in_force().policy.municipality

    def title(self, municipality) -> str:
        return f"{municipality.name}: offisielle innlegg"

    def subtitle(self, municipality) -> str:
        return (
            f"Alt {municipality.name} publiserer i sosiale medier, også her på kommunens "
            "egne, universelt utformede sider."
        )

    def link(self, municipality) -> str:
        return reverse("public:page")

    def feed_url(self, municipality) -> str:
        return reverse("public:feed")

    def author_name(self, municipality) -> str:
        return municipality.name

    def author_link(self, municipality) -> str:
        return municipality.website

    def items(self, municipality) -> list[Post]:
        return list(public_posts())

    def item_title(self, post: Post) -> str:
        prefix = "Krisemelding: " if post.is_crisis else ""
        return prefix + (post.title or f"Innlegg {post.pk}")

    def item_description(self, post: Post) -> str:
        return linebreaks(post.text, autoescape=True)

    def item_link(self, post: Post) -> str:
        return f"{reverse('public:page')}#innlegg-{post.pk}"

    def item_guid(self, post: Post) -> str:
        return self.request.build_absolute_uri(self.item_link(post))

    def item_pubdate(self, post: Post):
        return post.published_at

    def item_updateddate(self, post: Post):
        return post.updated_at


@_public
def feed(request: HttpRequest) -> HttpResponse:
    with translation.override("nb"):
        response = PostsFeed()(request)
    response["Content-Type"] = "application/atom+xml; charset=utf-8"
    return response
