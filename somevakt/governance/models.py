from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SecretGroupRegistration(models.Model):
    """The informasjonsansvarlig's overview of secret groups (S2): a secret group is in
    the overview once an information officer has registered what it is for."""

    channel = models.OneToOneField(
        "sources.Channel",
        on_delete=models.CASCADE,
        related_name="secret_group_registration",
        verbose_name=_("channel"),
    )
    purpose = models.TextField(_("purpose"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    registered_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        verbose_name = _("secret group registration")
        verbose_name_plural = _("secret group registrations")

    def __str__(self) -> str:
        return str(self.channel)


class PlannedWeek(models.Model):
    """One week of a local page's content plan (L2, L4): what the unit means to post about
    and who in the unit writes it. `week` is the Monday of the week."""

    channel = models.ForeignKey(
        "sources.Channel",
        on_delete=models.CASCADE,
        related_name="planned_weeks",
        verbose_name=_("channel"),
    )
    week = models.DateField(_("week (Monday)"))
    topic = models.CharField(_("planned topic"), max_length=300, blank=True)
    responsible = models.CharField(_("who in the unit"), max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["channel", "week"]
        verbose_name = _("planned week")
        verbose_name_plural = _("planned weeks")
        constraints = [
            models.UniqueConstraint(fields=["channel", "week"], name="one_plan_per_page_and_week")
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.week:%G-W%V}"


class QuietWeekReminder(models.Model):
    """The one reminder to a local page's admins that a week is about to pass without a
    post of the page's own (L2). The unique row is the claim: sent once per page and week,
    however many reminder loops run."""

    channel = models.ForeignKey(
        "sources.Channel",
        on_delete=models.CASCADE,
        related_name="quiet_week_reminders",
        verbose_name=_("channel"),
    )
    week = models.DateField(_("week (Monday)"))
    sent_at = models.DateTimeField(_("sent"))
    recipients = models.JSONField(_("e-mailed to"), default=list)

    class Meta:
        ordering = ["-week"]
        verbose_name = _("quiet week reminder")
        verbose_name_plural = _("quiet week reminders")
        constraints = [
            models.UniqueConstraint(fields=["channel", "week"], name="one_reminder_per_quiet_week")
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.week:%G-W%V}"
