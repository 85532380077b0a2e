from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from somevakt.connectors.base import RawStatus
from somevakt.connectors.capabilities import SUPPORTED, PlatformAction
from somevakt.connectors.crypto import EncryptedTextField, mask
from somevakt.core.models import TimeStampedModel
from somevakt.sources.models import Platform


class ConnectedAccount(TimeStampedModel):
    """A channel's account on its platform, as connected by the informasjonsansvarlig.

    The token and the app secret are encrypted at rest (crypto.py) and never shown again;
    the page shows only that they are set. Poll and backfill cursors and the platform's
    rate-limit state live here, so that a restart continues where it stopped.
    """

    channel = models.OneToOneField(
        "sources.Channel",
        verbose_name=_("channel"),
        on_delete=models.PROTECT,
        related_name="connected_account",
    )
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    # The page, account or blog id the platform knows (Facebook: the page id).
    account_id = models.CharField(_("id on the platform"), max_length=200)
    # The app the webhooks come from (Facebook: the app id).
    app_id = models.CharField(_("app id"), max_length=200, blank=True)
    access_token = EncryptedTextField(_("access token"), blank=True)
    app_secret = EncryptedTextField(_("app secret"), blank=True)
    verify_token = EncryptedTextField(_("webhook verify token"), blank=True)
    # Empty: the platform's own address (settings); set for a local fake or a self-hosted
    # server such as a WordPress blog or a Mastodon instance.
    api_base_url = models.URLField(_("API address"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    poll_cursor = models.JSONField(default=dict, blank=True)
    polled_at = models.DateTimeField(_("last polled"), null=True, blank=True)
    backfill_cursor = models.JSONField(default=dict, blank=True)
    backfill_state = models.CharField(max_length=20, blank=True)  # "", running, done, failed
    backfill_items = models.PositiveIntegerField(default=0)
    backfill_error = models.TextField(blank=True)
    # The platform's last reported usage, and until when it asked us to wait.
    rate_limit = models.JSONField(default=dict, blank=True)
    throttled_until = models.DateTimeField(_("throttled until"), null=True, blank=True)
    # The last day whose insights were recorded, the last attempt, and why it failed.
    insights_through = models.DateField(_("insights recorded through"), null=True, blank=True)
    insights_checked_at = models.DateTimeField(null=True, blank=True)
    insights_error = models.TextField(_("insights error"), blank=True)
    last_test_at = models.DateTimeField(_("last tested"), null=True, blank=True)
    last_test_result = models.TextField(_("last test result"), blank=True)
    last_test_ok = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("connected account")
        verbose_name_plural = _("connected accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "account_id"], name="connected_account_unique_platform_id"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} {self.account_id}"

    # Secrets appear on pages only masked.
    @property
    def access_token_masked(self) -> str:
        return mask(self.access_token)

    @property
    def app_secret_masked(self) -> str:
        return mask(self.app_secret)

    @property
    def actions_offered(self) -> list[str]:
        offered = SUPPORTED.get(self.platform, frozenset())
        return [action.label for action in PlatformAction if action in offered]

    @property
    def insights_offered(self) -> bool:
        from somevakt.connectors.base import connector_class

        return connector_class(self.platform).insights_offered

    @property
    def backfill_state_label(self) -> str:
        return str(BACKFILL_STATES.get(self.backfill_state, self.backfill_state))


BACKFILL_STATES = {
    "running": _("fetching"),
    "done": _("fetched"),
    "failed": _("failed"),
}


class DeliveryState(models.TextChoices):
    # The waiting and running values are those of core/leases.py: workers claim deliveries.
    RECEIVED = "pending", _("Received")
    RUNNING = "running", _("Being ingested")
    PROCESSED = "processed", _("Processed")
    FAILED = "failed", _("Failed")


class WebhookDelivery(models.Model):
    """A webhook body exactly as received, after its signature was checked.

    Stored before the platform gets its 200, then ingested by a worker that claims it with
    a lease (core/leases.py): nothing is lost if a process dies in between, and a worker
    that dies while ingesting leaves a claim that runs out and is taken again. A repeat of
    the same body (Meta retries) is one row.
    """

    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    body = models.TextField(_("body"))
    body_sha256 = models.CharField(max_length=64)
    signature = models.CharField(max_length=200, blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    state = models.CharField(
        _("state"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.RECEIVED
    )
    next_attempt_at = models.DateTimeField(default=timezone.now)
    lease_until = models.DateTimeField(null=True, blank=True)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    retries = models.PositiveIntegerField(default=0)  # identical bodies received again

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "body_sha256"], name="webhook_delivery_unique_body"
            ),
        ]
        indexes = [
            models.Index(fields=["state", "id"]),
            models.Index(fields=["state", "lease_until"], name="webhook_delivery_lease"),
        ]

    def __str__(self) -> str:
        return f"{self.platform} {self.received_at:%Y-%m-%d %H:%M:%S}"


class RawEvent(models.Model):
    """One change a platform reported (webhook, poll or backfill), kept as sent for the
    archive, with what somevakt made of it. Unknown fields and verbs are kept and shown
    to the informasjonsansvarlig, never dropped."""

    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    account = models.ForeignKey(
        ConnectedAccount, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    delivery = models.ForeignKey(
        WebhookDelivery, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    source = models.CharField(_("source"), max_length=10)  # webhook, poll, backfill
    dedup_key = models.CharField(max_length=64)
    field = models.CharField(_("field"), max_length=60, blank=True)
    verb = models.CharField(_("verb"), max_length=60, blank=True)
    external_id = models.CharField(_("id on the platform"), max_length=200, blank=True)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=[(status.value, status.value) for status in RawStatus],
    )
    reason = models.TextField(_("reason"), blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        verbose_name = _("raw event")
        verbose_name_plural = _("raw events")
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "dedup_key"], name="raw_event_unique_dedup_key"
            ),
        ]
        indexes = [models.Index(fields=["status", "-received_at"])]

    def __str__(self) -> str:
        return f"{self.platform} {self.field}/{self.verb} {self.external_id}"
