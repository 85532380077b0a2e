from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from somevakt.connectors.capabilities import POST_LABELS, PostAction
from somevakt.core.models import TimeStampedModel


class PostState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    FAILED = "failed", _("Failed")


class Post(TimeStampedModel):
    """One official message of the municipality, to one or more channels (a target each).

    `text` is the version in force; every published version is kept in PostVersion.
    """

    text = models.TextField(_("text"))
    is_crisis = models.BooleanField(_("crisis message"), default=False)
    state = models.CharField(
        _("state"), max_length=10, choices=PostState.choices, default=PostState.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="posts_written",
    )
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    needs_review = models.BooleanField(_("needs the editor's approval"), default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="posts_reviewed",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_note = models.TextField(_("editor's note"), blank=True)
    policy_version = models.ForeignKey(
        "policy.PolicyVersion", on_delete=models.PROTECT, null=True, blank=True
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [models.Index(fields=["published_at"]), models.Index(fields=["state"])]

    def __str__(self) -> str:
        first_line = self.text.strip().splitlines()[0] if self.text.strip() else ""
        return f"{self.pk}: {first_line[:60]}"

    @property
    def title(self) -> str:
        """The first line, for lists and the feed."""
        return str(self).partition(": ")[2]


class PostVersion(models.Model):
    """A text the post had once it was published (1 is the first); updates add versions."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("from"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )

    class Meta:
        ordering = ["post", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["post", "number"], name="post_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.post_id} v{self.number}"


class TargetState(models.TextChoices):
    WAITING = "waiting", _("Waiting for approval")
    PENDING = "pending", _("Queued")
    RUNNING = "running", _("Being sent")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class PostTarget(models.Model):
    """A post on one channel: the outbox row of what is to be done there (publish, update,
    pin), with its own state, attempts and error, and what the platform made of it."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="targets")
    channel = models.ForeignKey(
        "sources.Channel", verbose_name=_("channel"), on_delete=models.PROTECT
    )
    operation = models.CharField(
        _("operation"),
        max_length=10,
        choices=list(POST_LABELS.items()),
        default=PostAction.PUBLISH,
    )
    key = models.CharField(_("idempotency key"), max_length=100, unique=True)
    state = models.CharField(
        _("state"), max_length=10, choices=TargetState.choices, default=TargetState.WAITING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    lease_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("platform's message"), blank=True)
    note = models.TextField(_("note"), blank=True)  # e.g. why an update cannot reach it
    external_id = models.CharField(_("id on the platform"), max_length=200, blank=True)
    item = models.ForeignKey(
        "inbox.Item", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    version_on_platform = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["post", "channel__name"]
        verbose_name = _("post on a channel")
        verbose_name_plural = _("posts on channels")
        constraints = [
            models.UniqueConstraint(fields=["post", "channel"], name="post_target_unique")
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"]),
            models.Index(fields=["state", "lease_until"]),
        ]

    def __str__(self) -> str:
        return f"{self.post_id} → {self.channel_id} ({self.operation}, {self.state})"
