from django.db.models import Count, Max, Prefetch, QuerySet

from somevakt.connectors.capabilities import PUBLISHING
from somevakt.organisation.permissions import Action, Actor, require
from somevakt.publishing.models import Post, PostState, PostTarget, PostVersion, TargetState
from somevakt.sources.models import Channel
from somevakt.sources.selectors import channels_visible_to

PUBLIC_POSTS = 50  # on the public page and in the feed


def _with_targets(posts: QuerySet[Post]) -> QuerySet[Post]:
    return posts.select_related("author", "reviewed_by").prefetch_related(
        Prefetch("targets", queryset=PostTarget.objects.select_related("channel__unit", "item"))
    )


def post_list(*, actor: Actor) -> QuerySet[Post]:
    require(actor, Action.WRITE_POST)
    return _with_targets(Post.objects.all())


def review_queue(*, actor: Actor) -> QuerySet[Post]:
    """Posts that wait for the editor, oldest first (O1)."""
    require(actor, Action.APPROVE_POST)
    return _with_targets(Post.objects.filter(state=PostState.IN_REVIEW).order_by("updated_at"))


def post_get(*, actor: Actor, post_id: int) -> Post:
    require(actor, Action.WRITE_POST)
    return _with_targets(Post.objects.prefetch_related("versions")).get(pk=post_id)


def publishable_channels(*, actor: Actor) -> QuerySet[Channel]:
    """The channels the actor sees on platforms somevakt publishes to."""
    return channels_visible_to(actor).filter(platform__in=list(PUBLISHING)).order_by("name")


def post_busy(post: Post) -> bool:
    """Whether a platform has yet to answer (the status part refreshes itself then)."""
    return any(t.state in (TargetState.PENDING, TargetState.RUNNING) for t in post.targets.all())


# --- the public mirror -------------------------------------------------------------------


def public_posts() -> QuerySet[Post]:
    """The municipality's official posts published through somevakt, newest first, with
    the channels they are on and their earlier versions (never citizens' comments)."""
    return (
        Post.objects.filter(published_at__isnull=False)
        .order_by("-published_at", "-pk")
        .prefetch_related(
            Prefetch(
                "targets",
                queryset=PostTarget.objects.filter(published_at__isnull=False).select_related(
                    "channel"
                ),
                to_attr="public_targets",
            ),
            Prefetch("versions", queryset=PostVersion.objects.order_by("-number")),
        )[:PUBLIC_POSTS]
    )


def public_banner(posts: list[Post]) -> Post | None:
    """The pinned crisis message (K1), newest first, if one is among the posts."""
    return next((post for post in posts if post.is_crisis and post.is_pinned), None)


def public_fingerprint() -> tuple:
    """What the public page and feed depend on, in one query (for ETag, Last-Modified)."""
    figures = Post.objects.filter(published_at__isnull=False).aggregate(
        changed=Max("updated_at"), count=Count("pk")
    )
    return figures["changed"], figures["count"]


def post_warnings(post: Post) -> list[dict]:
    """The pre-publish check of a saved post; the sender is the unit of its first channel."""
    targets = list(post.targets.all())
    return text_warnings(post.text, sender=targets[0].channel.unit.name if targets else "")


def text_warnings(text: str, *, sender: str) -> list[dict]:
    """The pre-publish check (P4, P5, P6, P8), each warning with the excerpt it is about
    and the guideline's text as the policy in force words it."""
    from somevakt.policy.selectors import policy_in_force
    from somevakt.screening.prepublish import check_post

    rules = policy_in_force().policy
    return [
        {
            "guideline": warning.guideline,
            "why": warning.why,
            "excerpt": text[warning.span[0] : warning.span[1]] if warning.span else "",
            "rule": rules.rule(warning.guideline),
        }
        for warning in check_post(text, sender=sender)
    ]
