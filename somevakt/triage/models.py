from django.db import models
from django.utils.translation import gettext_lazy as _


class Severity(models.IntegerChoices):
    """The same scale as somevakt.screening.Severity, stored as its number."""

    NOTE = 1, _("Note")
    REVIEW = 2, _("Review")
    HIDE_NOW = 3, _("Hide now")


class ItemScreening(models.Model):
    """What screening found in one version of an item, under one policy version."""

    item = models.ForeignKey(
        "inbox.Item", on_delete=models.CASCADE, related_name="screenings", verbose_name=_("item")
    )
    version = models.ForeignKey(
        "inbox.ItemVersion", on_delete=models.CASCADE, related_name="screenings"
    )
    policy_version = models.ForeignKey(
        "policy.PolicyVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("policy version"),
    )
    # The screening of the item's current text; older versions keep theirs as history.
    is_current = models.BooleanField(_("current"), default=True)
    language = models.CharField(_("language"), max_length=12)
    is_question = models.BooleanField(_("question"), default=False)
    needs_case_processing = models.BooleanField(_("needs case processing"), default=False)
    severity = models.PositiveSmallIntegerField(
        _("severity"), choices=Severity.choices, null=True, blank=True
    )
    needs_moderation = models.BooleanField(_("needs moderation"), default=False)
    rules = models.JSONField(_("rules"), default=list, blank=True)
    suggested_reply = models.TextField(_("suggested reply"), blank=True)
    screened_at = models.DateTimeField(_("screened"), auto_now_add=True)

    class Meta:
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")
        constraints = [
            models.UniqueConstraint(
                fields=["item"],
                condition=models.Q(is_current=True),
                name="item_screening_one_current",
            ),
            models.UniqueConstraint(
                fields=["version", "policy_version"], name="item_screening_once_per_policy"
            ),
        ]
        indexes = [
            models.Index(
                fields=["-severity", "screened_at"],
                condition=models.Q(is_current=True, needs_moderation=True),
                name="screening_queue",
            ),
            models.Index(
                fields=["item"],
                condition=models.Q(is_current=True, is_question=True),
                name="screening_questions",
            ),
            # Reports: items screened per period.
            models.Index(fields=["screened_at"], name="screening_screened_at"),
        ]

    def __str__(self) -> str:
        return f"{self.item} ({', '.join(self.rules) or '-'})"


class Finding(models.Model):
    """One rule the text may break, with the exact words and why (D1–D8, G1, S1)."""

    screening = models.ForeignKey(ItemScreening, on_delete=models.CASCADE, related_name="findings")
    rule = models.CharField(_("rule"), max_length=4, db_index=True)
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    words = models.TextField(_("words"), blank=True)
    severity = models.PositiveSmallIntegerField(_("severity"), choices=Severity.choices)
    confidence = models.FloatField(_("confidence"))
    reason = models.TextField(_("reason"))

    class Meta:
        ordering = ["-severity", "start"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return f"{self.rule}: {self.words}"
