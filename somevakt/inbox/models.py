from django.db import models
from django.utils.translation import gettext_lazy as _

from somevakt.sources.models import Platform


class ItemKind(models.TextChoices):
    POST = "post", _("Post")
    COMMENT = "comment", _("Comment")
    REPLY = "reply", _("Reply")
    PRIVATE_MESSAGE = "private_message", _("Private message")


class Author(models.Model):
    """Who wrote an item: the platform identity and display name, nothing more."""

    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    platform_author_id = models.CharField(_("id on the platform"), max_length=200)
    display_name = models.CharField(_("name"), max_length=300, blank=True)
    first_seen_at = models.DateTimeField(_("first seen"), auto_now_add=True)
    is_demo = models.BooleanField(_("demo"), default=False)

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "platform_author_id"], name="author_unique_platform_id"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.platform_author_id


class Thread(models.Model):
    """A top-level post (or conversation) and everything written under it."""

    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    external_id = models.CharField(_("id on the platform"), max_length=200)
    channel = models.ForeignKey("sources.Channel", on_delete=models.PROTECT, related_name="threads")
    started_at = models.DateTimeField(_("started"))
    last_activity_at = models.DateTimeField(_("last activity"))
    is_demo = models.BooleanField(_("demo"), default=False)

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "external_id"], name="thread_unique_platform_id"
            ),
        ]
        indexes = [models.Index(fields=["channel", "-last_activity_at"])]

    def __str__(self) -> str:
        return f"{self.platform}:{self.external_id}"


class Item(models.Model):
    """A post, comment, reply or private message as it stands now on the platform.

    The text is the newest version by platform time; every version is kept in
    ItemVersion. A deletion on the platform is recorded, never applied to the content.
    """

    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    external_id = models.CharField(_("id on the platform"), max_length=200)
    channel = models.ForeignKey("sources.Channel", on_delete=models.PROTECT, related_name="items")
    thread = models.ForeignKey(Thread, on_delete=models.PROTECT, related_name="items")
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    # Kept so that a parent arriving after its child can still be linked.
    parent_external_id = models.CharField(max_length=200, blank=True)
    author = models.ForeignKey(
        Author, on_delete=models.PROTECT, null=True, blank=True, related_name="items"
    )
    text = models.TextField(_("text"), blank=True)
    links = models.JSONField(_("links"), default=list, blank=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # Platform time of the version shown in `text`; older versions never replace it.
    content_at = models.DateTimeField(_("content from"), null=True, blank=True)
    version_count = models.PositiveIntegerField(_("versions"), default=0)
    is_hidden_on_platform = models.BooleanField(_("hidden on the platform"), default=False)
    hidden_state_at = models.DateTimeField(null=True, blank=True)
    deleted_on_platform_at = models.DateTimeField(
        _("deleted on the platform"), null=True, blank=True
    )
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    is_demo = models.BooleanField(_("demo"), default=False)

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "external_id"], name="item_unique_platform_id"
            ),
        ]
        indexes = [
            models.Index(fields=["-received_at"]),
            models.Index(fields=["channel", "-received_at"]),
            models.Index(fields=["thread", "published_at"]),
            models.Index(fields=["platform", "parent_external_id"]),
            # Reports count items per period, channel and kind from this index alone.
            models.Index(
                fields=["published_at", "channel", "kind", "author"], name="item_reports_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.platform}:{self.external_id}"

    @property
    def is_deleted_on_platform(self) -> bool:
        return self.deleted_on_platform_at is not None


class ItemVersion(models.Model):
    """One version of an item's content, as written on the platform at `platform_time`."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="versions")
    text = models.TextField(_("text"), blank=True)
    links = models.JSONField(_("links"), default=list, blank=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    platform_time = models.DateTimeField(_("written"))
    content_sha256 = models.CharField(max_length=64)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        ordering = ["platform_time", "id"]
        verbose_name = _("item version")
        verbose_name_plural = _("item versions")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "platform_time", "content_sha256"], name="item_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} @ {self.platform_time:%Y-%m-%d %H:%M:%S}"
