from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionClock(models.Model):
    """The answer clock of one question to the municipality (O5, L2, K1).

    It starts when a citizen's question is ingested and stops at the first answer from
    staff, on the platform or recorded in somevakt. A citizen asking again in a thread
    whose earlier question was answered starts a new clock that `reopens` the old one.
    """

    item = models.OneToOneField(
        "inbox.Item", on_delete=models.CASCADE, related_name="answer_clock", verbose_name=_("item")
    )
    channel = models.ForeignKey(
        "sources.Channel", on_delete=models.PROTECT, related_name="+", verbose_name=_("channel")
    )
    thread = models.ForeignKey("inbox.Thread", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        "inbox.Author", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    asked_at = models.DateTimeField(_("asked"))
    # Monday of the week it was asked (local time): the figures group by it.
    week = models.DateField(_("week"))
    due_at = models.DateTimeField(_("due"), null=True, blank=True)  # None: no deadline (S1)
    rule = models.CharField(_("rule"), max_length=4)
    is_crisis = models.BooleanField(_("crisis"), default=False)
    reopens = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reopened_by",
        verbose_name=_("follows up"),
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answer_item = models.ForeignKey(
        "inbox.Item", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    working_minutes_to_answer = models.FloatField(
        _("working minutes to first answer"), null=True, blank=True
    )
    answered_in_time = models.BooleanField(_("answered in time"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_questions",
        verbose_name=_("assigned to"),
    )
    assigned_unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned unit"),
    )
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer clock")
        verbose_name_plural = _("answer clocks")
        indexes = [
            models.Index(
                fields=["-is_crisis", "due_at"],
                condition=models.Q(answered_at__isnull=True),
                name="clock_open_queue",
            ),
            models.Index(fields=["thread", "asked_at"]),
            models.Index(fields=["channel", "week"]),
            # Reports: questions asked and answered per period.
            models.Index(fields=["asked_at"], name="clock_asked_at"),
            models.Index(fields=["answered_at"], name="clock_answered_at"),
        ]

    def __str__(self) -> str:
        return f"{self.item} ({self.rule})"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None


class CrisisPeriod(models.Model):
    """A time when a channel is in crisis mode (K1): answers due within the policy's
    crisis minutes, around the clock if the policy says so."""

    channel = models.ForeignKey(
        "sources.Channel",
        on_delete=models.PROTECT,
        related_name="crisis_periods",
        verbose_name=_("channel"),
    )
    reason = models.TextField(_("reason"))
    started_at = models.DateTimeField(_("started"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    end_reason = models.TextField(_("why it ended"), blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("crisis period")
        verbose_name_plural = _("crisis periods")
        constraints = [
            models.UniqueConstraint(
                fields=["channel"],
                condition=models.Q(ended_at__isnull=True),
                name="crisis_one_open_per_channel",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} ({self.started_at:%Y-%m-%d %H:%M})"


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")


class Reminder(models.Model):
    """A reminder shown in the UI (and e-mailed) to one person about one question."""

    clock = models.ForeignKey(QuestionClock, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=10, choices=ReminderKind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="answer_reminders"
    )
    sent_at = models.DateTimeField(_("sent"))
    emailed = models.BooleanField(_("e-mailed"), default=False)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["clock", "kind", "recipient"], name="reminder_once_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.clock}"
