from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnly(Exception):
    """Raised on any attempt to change or remove an audit entry through the ORM."""


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("Audit entries are never changed.")

    def delete(self):
        raise AppendOnly("Audit entries are never removed.")


class AuditEntry(models.Model):
    """One state change: who did what to which object, when, why and under which policy.

    `entry_hash` is the SHA-256 of this entry's fields and the previous entry's hash, so
    altering or removing any row breaks the chain from that row on.
    """

    sequence = models.PositiveBigIntegerField(_("number"), unique=True)
    recorded_at = models.DateTimeField(_("recorded"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept as written: a renamed or removed user must not change the hashed content.
    actor_name = models.CharField(_("by"), max_length=150)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    target_type = models.CharField(_("object type"), max_length=100)
    target_id = models.CharField(_("object id"), max_length=100)
    target_label = models.CharField(_("object"), max_length=300, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    policy_sha256 = models.CharField(_("policy version"), max_length=64, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(_("SHA-256"), max_length=64, unique=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["sequence"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["target_type", "target_id", "sequence"])]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.target_label or self.target_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("Audit entries are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("Audit entries are never removed.")


class AuditHead(models.Model):
    """The newest entry's number and hash: one row, locked while an entry is appended so
    that entries get consecutive numbers, and so that removing the last entry shows."""

    sequence = models.PositiveBigIntegerField(default=0)
    entry_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("audit head")

    def __str__(self) -> str:
        return f"#{self.sequence} {self.entry_hash[:12]}"
