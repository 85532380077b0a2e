import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from somevakt.core.models import TimeStampedModel


class ChannelType(models.TextChoices):
    MAIN_PAGE = "main_page", _("Main page")
    LOCAL_PAGE = "local_page", _("Local page")
    CLOSED_GROUP = "closed_group", _("Closed group")
    SECRET_GROUP = "secret_group", _("Secret group")
    INSTAGRAM = "instagram", _("Instagram account")
    YOUTUBE = "youtube", _("YouTube channel")
    X_ACCOUNT = "x_account", _("X account")
    MASTODON = "mastodon", _("Mastodon account")
    BLOG = "blog", _("Blog")
    NET_MEETING = "net_meeting", _("Net meeting")


class Platform(models.TextChoices):
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    YOUTUBE = "youtube", "YouTube"
    X = "x", "X"
    MASTODON = "mastodon", "Mastodon"
    WORDPRESS = "wordpress", "WordPress"
    NET_MEETING = "net_meeting", _("Net meeting")


class Channel(TimeStampedModel):
    """A page, group, account, blog or net meeting that the municipality runs."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=100, unique=True)
    channel_type = models.CharField(_("channel type"), max_length=20, choices=ChannelType.choices)
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    external_id = models.CharField(_("id on the platform"), max_length=200)
    url = models.URLField(_("address"), blank=True)
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("owning unit"),
        on_delete=models.PROTECT,
        related_name="channels",
    )
    description = models.TextField(_("description"), blank=True)
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_until = models.DateField(_("active until"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo"), default=False)

    class Meta:
        ordering = ["channel_type", "name"]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "external_id"], name="channel_unique_platform_id"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    MEMBER = "member", _("Member")


def current_membership(on: datetime.date, prefix: str = "") -> models.Q:
    """Memberships that hold on the given day; `prefix` reaches them through a relation
    (e.g. "channel_memberships__" from User)."""
    return models.Q(**{f"{prefix}since__lte": on}) & (
        models.Q(**{f"{prefix}until__isnull": True}) | models.Q(**{f"{prefix}until__gte": on})
    )


class ChannelMember(TimeStampedModel):
    """An admin or member of a channel: an employee (with or without a login) or an outsider."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="members")
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="channel_memberships",
    )
    person_name = models.CharField(_("name"), max_length=200)
    platform_person_id = models.CharField(_("id on the platform"), max_length=200, blank=True)
    is_employee = models.BooleanField(_("employee"), default=False)
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["channel", "role", "person_name"]
        verbose_name = _("channel member")
        verbose_name_plural = _("channel members")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=True) | models.Q(is_employee=True),
                name="channel_member_user_is_employee",
            ),
            models.CheckConstraint(
                condition=models.Q(until__isnull=True) | models.Q(until__gte=models.F("since")),
                name="channel_member_until_after_since",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_name} ({self.get_role_display()}, {self.channel})"

    def clean(self) -> None:
        if self.user_id is not None:
            self.is_employee = True  # somevakt logins are employees
