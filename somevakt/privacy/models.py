from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RetentionRun(models.Model):
    """One enforcement of the policy's [retention] table: what was removed, per class."""

    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    policy_version = models.ForeignKey(
        "policy.PolicyVersion",
        verbose_name=_("policy version"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # {"harmless": 12, "moderated": 1, "questions": 3, "archived": 0, "authors": 4, …}
    counts = models.JSONField(_("removed per class"), default=dict)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {sum(self.counts.values())}"


class LegalHold(models.Model):
    """Keep a conversation or everything of an author beyond retention, e.g. for a
    complaint, a police request or a lawsuit, until the hold is released."""

    thread = models.ForeignKey(
        "inbox.Thread",
        verbose_name=_("conversation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    author = models.ForeignKey(
        "inbox.Author",
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="legal_holds",
    )
    reason = models.TextField(_("reason"))
    placed_at = models.DateTimeField(_("placed"), default=timezone.now)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    released_at = models.DateTimeField(_("released"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        constraints = [
            models.CheckConstraint(
                condition=Q(thread__isnull=False) | Q(author__isnull=False),
                name="legal_hold_has_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Legal hold')} {self.pk}: {self.thread or self.author}"
