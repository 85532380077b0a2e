from django.db import models
from django.utils.translation import gettext_lazy as _


class ChannelInsight(models.Model):
    """One day's figures for a channel as its platform reports them (followers, reach).

    The platform connectors record them with `insight_record`; a channel without any
    falls back to somevakt's own counts in the reports.
    """

    channel = models.ForeignKey(
        "sources.Channel",
        on_delete=models.CASCADE,
        related_name="insights",
        verbose_name=_("channel"),
    )
    date = models.DateField(_("date"))
    followers = models.PositiveIntegerField(_("followers"), null=True, blank=True)
    reach = models.PositiveIntegerField(_("reach"), null=True, blank=True)
    impressions = models.PositiveIntegerField(_("impressions"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=50)
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        ordering = ["channel", "date"]
        verbose_name = _("channel insight")
        verbose_name_plural = _("channel insights")
        constraints = [
            models.UniqueConstraint(fields=["channel", "date"], name="insight_once_per_day"),
        ]
        indexes = [models.Index(fields=["date", "channel"])]

    def __str__(self) -> str:
        return f"{self.channel} {self.date:%Y-%m-%d}"


class ComplianceObservation(models.Model):
    """A compliance finding (L2–L4, G2, S1, S2) as seen over time: opened when a check
    first finds it, closed when the check no longer does. The checks themselves only
    know the present; this keeps the history the reports count."""

    rule = models.CharField(_("rule"), max_length=4)
    channel = models.ForeignKey(
        "sources.Channel", on_delete=models.CASCADE, related_name="+", verbose_name=_("channel")
    )
    since = models.DateField(_("since"))
    opened_at = models.DateTimeField(_("first seen"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("compliance observation")
        verbose_name_plural = _("compliance observations")
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "channel"],
                condition=models.Q(closed_at__isnull=True),
                name="compliance_one_open_per_rule_channel",
            ),
        ]
        indexes = [models.Index(fields=["opened_at"]), models.Index(fields=["closed_at"])]

    def __str__(self) -> str:
        return f"{self.rule} {self.channel}"


class WeeklyReportDelivery(models.Model):
    """A weekly report sent: at most once per week, whatever number of schedulers run."""

    week = models.DateField(_("week"), unique=True)  # Monday of the reported week
    recipients = models.JSONField(_("recipients"), default=list)
    sent_at = models.DateTimeField(_("sent"))
    size = models.PositiveIntegerField(_("size in bytes"))

    class Meta:
        ordering = ["-week"]
        verbose_name = _("weekly report sent")
        verbose_name_plural = _("weekly reports sent")

    def __str__(self) -> str:
        return f"{self.week:%G-W%V}"
