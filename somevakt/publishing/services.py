"""Every change to the municipality's own posts goes through here (O1, O4, K1): role
checks, the review the policy asks for, the state machine, the audit trail and the
outbox to the platforms, for the pages and the command line alike.

A post goes draft → in review (where the policy asks for the editor) → scheduled →
published or failed; each channel is a target with its own state in the outbox. Once a
target is published, the post is read back from the platform and ingested like any
other item, and linked to the target.
"""

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from somevakt.audit.models import AuditEntry
from somevakt.audit.services import Change, audit_record, audit_record_many
from somevakt.connectors.base import Published
from somevakt.connectors.capabilities import PostAction, publishing_supports, publishing_why_not
from somevakt.connectors.models import ConnectedAccount
from somevakt.connectors.services import raw_changes_ingest
from somevakt.core.leases import due_ids, lease_claim
from somevakt.inbox.models import Item
from somevakt.organisation.permissions import Action, Actor, can, require, user_of
from somevakt.policy.selectors import policy_in_force
from somevakt.publishing.models import Post, PostState, PostTarget, PostVersion, TargetState
from somevakt.sources.models import Channel

RETRY_PAUSES = (10, 30, 120, 600, 1800, 3600)  # seconds before the 2nd, 3rd, … attempt
# The longest text each platform takes in one post (Mastodon's default instance limit).
MAX_LENGTH = {"facebook": 63206, "mastodon": 500}


class PublishingError(Exception):
    """A step that cannot be taken; the message says why and what to do."""


# The post's state machine: from which states a step is possible.
STEPS: dict[str, frozenset[PostState]] = {
    "edit": frozenset({PostState.DRAFT}),
    "submit": frozenset({PostState.DRAFT}),
    "approve": frozenset({PostState.IN_REVIEW}),
    "send_back": frozenset({PostState.IN_REVIEW}),
    "update": frozenset({PostState.PUBLISHED}),
    "pin": frozenset({PostState.PUBLISHED}),
    "retry": frozenset({PostState.FAILED, PostState.PUBLISHED}),
}
STEP_NAMES = {
    "edit": gettext_lazy("edit"),
    "submit": gettext_lazy("submit"),
    "approve": gettext_lazy("approve"),
    "send_back": gettext_lazy("send back"),
    "update": gettext_lazy("update"),
    "pin": gettext_lazy("pin"),
    "retry": gettext_lazy("try again"),
}


def _locked(post: Post, step: str) -> Post:
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.state not in STEPS[step]:
        allowed = ", ".join(str(PostState(s).label) for s in sorted(STEPS[step]))
        raise PublishingError(
            _("Post %(post)s is '%(state)s'; '%(step)s' is only possible when it is: %(allowed)s.")
            % {
                "post": post.pk,
                "state": post.get_state_display(),
                "step": STEP_NAMES[step],
                "allowed": allowed,
            }
        )
    return post


def _record(actor: Actor, post: Post, step: str, before: str, reason: str = "", **data) -> None:
    audit_record(
        actor=actor,
        action=f"publishing.post.{step}",
        target=post,
        reason=reason,
        data={"from": before, "to": post.state, "version": post.version, **data},
    )


def _checked(text: str, channels: Sequence[Channel], publish_at: datetime.datetime | None):
    text = text.strip()
    if not text:
        raise PublishingError(_("Write the text of the post."))
    if not channels:
        raise PublishingError(_("Choose at least one channel to publish to."))
    for channel in channels:
        if not publishing_supports(channel.platform, PostAction.PUBLISH):
            raise PublishingError(
                _("%(channel)s: %(why)s")
                % {
                    "channel": channel.name,
                    "why": publishing_why_not(channel.platform, PostAction.PUBLISH),
                }
            )
        limit = MAX_LENGTH.get(channel.platform)
        if limit and len(text) > limit:
            raise PublishingError(
                _("%(channel)s takes at most %(limit)s characters; the text has %(length)s.")
                % {"channel": channel.name, "limit": limit, "length": len(text)}
            )
    if publish_at is not None and timezone.is_naive(publish_at):
        raise PublishingError(_("The publishing time needs a time zone."))
    return text


def policy_reviews(post: Post, channels: Sequence[Channel]) -> bool:
    """Whether the policy puts posts like this one under the editor (O1, K1)."""
    rules = policy_in_force().policy.publishing
    if post.is_crisis and rules.review_crisis_messages:
        return True
    return any(channel.channel_type in rules.review_channel_types for channel in channels)


def needs_review(post: Post, channels: Sequence[Channel], actor: Actor) -> bool:
    """Whether the informasjonsansvarlig approves this post before it is published: not
    when she wrote it herself, unless the policy asks for a second person."""
    rules = policy_in_force().policy.publishing
    if can(actor, Action.APPROVE_POST) and not rules.editor_posts_need_review:
        return False
    return policy_reviews(post, channels)


def _set_targets(post: Post, channels: Sequence[Channel]) -> None:
    wanted = {channel.pk for channel in channels}
    post.targets.exclude(channel__in=wanted).delete()
    present = set(post.targets.values_list("channel_id", flat=True))
    PostTarget.objects.bulk_create(
        PostTarget(post=post, channel_id=pk, key=f"post-{post.pk}-channel-{pk}-publish")
        for pk in sorted(wanted - present)
    )


@transaction.atomic
def post_create(
    *,
    actor: Actor,
    text: str,
    channels: Sequence[Channel],
    publish_at: datetime.datetime | None = None,
    is_crisis: bool = False,
) -> Post:
    """A draft; nothing goes to a platform before it is submitted (and approved)."""
    require(actor, Action.WRITE_POST)
    user = user_of(actor)
    if user is None:
        raise PublishingError(_("A post is written by a person; log in to write one."))
    text = _checked(text, channels, publish_at)
    post = Post.objects.create(text=text, author=user, publish_at=publish_at, is_crisis=is_crisis)
    _set_targets(post, channels)
    _record(actor, post, "create", "", channels=[c.slug for c in channels])
    return post


@transaction.atomic
def post_edit(
    *,
    actor: Actor,
    post: Post,
    text: str,
    channels: Sequence[Channel],
    publish_at: datetime.datetime | None = None,
    is_crisis: bool = False,
) -> Post:
    require(actor, Action.WRITE_POST)
    post = _locked(post, "edit")
    post.text = _checked(text, channels, publish_at)
    post.publish_at, post.is_crisis = publish_at, is_crisis
    post.save()
    _set_targets(post, channels)
    _record(actor, post, "edit", post.state, channels=[c.slug for c in channels])
    return post


@transaction.atomic
def post_submit(*, actor: Actor, post: Post) -> Post:
    """To the editor where the policy asks for it, otherwise straight to the schedule."""
    require(actor, Action.WRITE_POST)
    post = _locked(post, "submit")
    channels = list(Channel.objects.filter(posttarget__post=post))
    before = post.state
    post.needs_review = needs_review(post, channels, actor)
    post.policy_version = policy_in_force()
    if post.needs_review:
        post.state = PostState.IN_REVIEW
        post.save()
        _record(actor, post, "submit", before)
        return post
    post.reviewed_by, post.reviewed_at = user_of(actor), timezone.now()
    _schedule(post)
    _record(actor, post, "submit", before, review="not needed by the policy")
    return post


@transaction.atomic
def post_approve(*, actor: Actor, post: Post, note: str = "") -> Post:
    require(actor, Action.APPROVE_POST)
    post = _locked(post, "approve")
    rules = policy_in_force().policy.publishing
    if rules.editor_posts_need_review and post.author_id == getattr(actor, "pk", None):
        raise PublishingError(
            _("The policy asks for a second person: another informasjonsansvarlig approves it.")
        )
    before = post.state
    post.reviewed_by, post.reviewed_at, post.review_note = user_of(actor), timezone.now(), note
    post.policy_version = policy_in_force()
    _schedule(post)
    _record(actor, post, "approve", before, reason=note)
    return post


@transaction.atomic
def post_send_back(*, actor: Actor, post: Post, reason: str) -> Post:
    """Back to the author as a draft, with the editor's reason."""
    require(actor, Action.APPROVE_POST)
    if not reason.strip():
        raise PublishingError(_("Say why the post is sent back, so that the author can fix it."))
    post = _locked(post, "send_back")
    before = post.state
    post.state, post.review_note = PostState.DRAFT, reason.strip()
    post.reviewed_by, post.reviewed_at = user_of(actor), timezone.now()
    post.save()
    _record(actor, post, "send_back", before, reason=reason.strip())
    return post


def _schedule(post: Post) -> None:
    """Into the outbox: every target is due at the publishing time (or now)."""
    post.state = PostState.SCHEDULED
    post.save()
    due = max(post.publish_at or timezone.now(), timezone.now())
    post.targets.update(state=TargetState.PENDING, next_attempt_at=due, attempts=0)
    for target_id in post.targets.values_list("pk", flat=True):
        _deliver_after_commit(target_id, due)


def _deliver_after_commit(target_id: int, when: datetime.datetime | None = None) -> None:
    from somevakt.publishing.tasks import target_deliver  # the task module imports this one

    task = target_deliver.using(run_after=when) if when and when > timezone.now() else None
    transaction.on_commit(lambda: (task or target_deliver).enqueue(target_id))


def _require_for_published(actor: Actor, post: Post) -> None:
    """Updating or pinning what the editor approved is the editor's (O1, K1)."""
    require(actor, Action.WRITE_POST)
    if policy_reviews(post, [target.channel for target in post.targets.select_related("channel")]):
        require(actor, Action.APPROVE_POST)
    if post.targets.filter(state__in=[TargetState.PENDING, TargetState.RUNNING]).exists():
        raise PublishingError(
            _("The platforms have not answered the last change yet; wait a moment and try again.")
        )


def _queue(target: PostTarget, operation: PostAction, key: str) -> None:
    target.operation, target.key = operation, key
    target.state, target.attempts, target.last_error = TargetState.PENDING, 0, ""
    target.next_attempt_at = timezone.now()
    target.save()
    _deliver_after_commit(target.pk)


@transaction.atomic
def post_update(*, actor: Actor, post: Post, text: str, reason: str = "") -> Post:
    """A new version of a published post (K1: the crisis message as it develops). The
    earlier versions are kept; platforms that allow editing get the new text, the others
    say why not on their target."""
    post = _locked(post, "update")
    _require_for_published(actor, post)
    channels = [target.channel for target in post.targets.select_related("channel")]
    text = _checked(text, channels, None)
    if text == post.text:
        raise PublishingError(_("The text is unchanged; write the new version."))
    post.version += 1
    post.text = text
    post.save()
    PostVersion.objects.create(post=post, number=post.version, text=text, created_by=user_of(actor))
    for target in post.targets.select_related("channel").exclude(external_id=""):
        if publishing_supports(target.channel.platform, PostAction.UPDATE):
            _queue(target, PostAction.UPDATE, f"post-{post.pk}-target-{target.pk}-v{post.version}")
        else:
            target.note = publishing_why_not(target.channel.platform, PostAction.UPDATE)
            target.save(update_fields=["note"])
    _record(actor, post, "update", post.state, reason=reason)
    return post


@transaction.atomic
def post_pin(*, actor: Actor, post: Post, pinned: bool) -> Post:
    """Pin (or unpin) the post: on the public page a pinned crisis message is the banner,
    and on platforms that offer pinning it is pinned there too."""
    post = _locked(post, "pin")
    _require_for_published(actor, post)
    if post.is_pinned == pinned:
        return post
    post.is_pinned = pinned
    post.save(update_fields=["is_pinned", "updated_at"])
    # Each pin or unpin is a new round with keys of its own; the audit trail counts them.
    rounds = AuditEntry.objects.filter(
        target_type=post._meta.label_lower,
        target_id=str(post.pk),
        action__in=["publishing.post.pin", "publishing.post.unpin"],
    ).count()
    for target in post.targets.select_related("channel").exclude(external_id=""):
        if publishing_supports(target.channel.platform, PostAction.PIN):
            key = f"post-{post.pk}-target-{target.pk}-pin-{rounds + 1}"
            _queue(target, PostAction.PIN, key)
        else:
            target.note = publishing_why_not(target.channel.platform, PostAction.PIN)
            target.save(update_fields=["note"])
    _record(actor, post, "pin" if pinned else "unpin", post.state)
    return post


@transaction.atomic
def post_retry(*, actor: Actor, post: Post) -> Post:
    """The failed targets once more, from the first attempt."""
    require(actor, Action.WRITE_POST)
    post = _locked(post, "retry")
    failed = list(post.targets.filter(state=TargetState.FAILED))
    if not failed:
        raise PublishingError(_("No channel of this post has failed."))
    before = post.state
    for target in failed:
        target.state, target.attempts = TargetState.PENDING, 0
        target.next_attempt_at = timezone.now()
        target.save()
        _deliver_after_commit(target.pk)
    if post.state == PostState.FAILED:
        post.state = PostState.SCHEDULED
        post.save()
    _record(actor, post, "retry", before, channels=[t.channel_id for t in failed])
    return post


# --- the outbox ------------------------------------------------------------------------


def target_claim(target_id: int, *, lease: datetime.timedelta) -> bool:
    """Take it if it is due (or its runner died); two workers never run it at once."""
    return lease_claim(PostTarget, target_id, lease=lease)


def target_due_ids(limit: int = 500) -> list[int]:
    return due_ids(PostTarget, limit)


def _settle(post_id: int) -> None:
    """The post's state from its targets' once none of them waits any more."""
    post = Post.objects.select_for_update().get(pk=post_id)
    states = set(post.targets.values_list("state", flat=True))
    if post.state != PostState.SCHEDULED or states & {TargetState.PENDING, TargetState.RUNNING}:
        return
    before = post.state
    post.state = PostState.FAILED if TargetState.FAILED in states else PostState.PUBLISHED
    post.save(update_fields=["state", "updated_at"])
    _record(None, post, "publish" if post.state == PostState.PUBLISHED else "fail", before)


@transaction.atomic
def target_succeeded(
    target_id: int, published: Published, *, account: ConnectedAccount | None = None
) -> None:
    """Record what the platform answered; the post is ingested as any other item."""
    target = (
        PostTarget.objects.select_for_update().select_related("post", "channel").get(pk=target_id)
    )
    if target.state != TargetState.RUNNING:
        return  # an earlier run finished it
    now = timezone.now()
    platform = target.channel.platform
    if published.change is not None:
        raw_changes_ingest(
            platform=platform, changes=[(published.change, None)], source="publish", account=account
        )
    target.external_id = published.external_id or target.external_id
    item = Item.objects.filter(platform=platform, external_id=target.external_id).first()
    target.item = item or target.item
    target.state, target.last_error, target.lease_until = TargetState.DONE, "", None
    target.attempts += 1
    target.note = ""
    if target.operation == PostAction.PUBLISH:
        target.published_at = now
    if target.operation in (PostAction.PUBLISH, PostAction.UPDATE):
        target.version_on_platform = target.post.version
    target.save()
    post = target.post
    # Touched on every answer: the public page's Last-Modified and ETag follow it.
    first = post.published_at is None
    post.published_at = post.published_at or now
    post.save(update_fields=["published_at", "updated_at"])
    if first:
        PostVersion.objects.get_or_create(
            post=post, number=post.version, defaults={"text": post.text, "created_at": now}
        )
    audit_record_many(
        actor=None,
        changes=[
            Change(
                action=f"publishing.target.{target.operation}",
                target=target,
                data={"channel": target.channel.slug, "external_id": target.external_id},
            )
        ],
    )
    _settle(post.pk)


@transaction.atomic
def target_failed(
    target_id: int,
    message: str,
    *,
    retryable: bool,
    retry_after: datetime.timedelta | None = None,
) -> None:
    """Try again later with a growing pause, or give up after the policy's attempts.
    A platform that throttles us is waited for; that is not a failed attempt."""
    target = PostTarget.objects.select_for_update().select_related("channel").get(pk=target_id)
    if target.state != TargetState.RUNNING:
        return
    target.last_error = message
    if retry_after is not None:
        target.state = TargetState.PENDING
        target.next_attempt_at = timezone.now() + retry_after
        target.save()
        _deliver_after_commit(target.pk, target.next_attempt_at)
        return
    target.attempts += 1
    limit = policy_in_force().policy.publishing.attempts
    if retryable and target.attempts < limit:
        pause = RETRY_PAUSES[min(target.attempts, len(RETRY_PAUSES)) - 1]
        target.state = TargetState.PENDING
        target.next_attempt_at = timezone.now() + datetime.timedelta(seconds=pause)
        target.save()
        _deliver_after_commit(target.pk, target.next_attempt_at)
        return
    target.state = TargetState.FAILED
    target.save()
    audit_record(
        actor=None,
        action=f"publishing.target.{target.operation}.fail",
        target=target,
        reason=message,
        data={"channel": target.channel.slug, "attempts": target.attempts},
    )
    _settle(target.post_id)
