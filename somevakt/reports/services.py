"""Writes of the reports room: platform insights, the compliance history, and the weekly
report sent by e-mail."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from somevakt.audit.services import audit_record
from somevakt.organisation.permissions import Action, Actor, require
from somevakt.policy.selectors import policy_in_force
from somevakt.reports.models import ChannelInsight, ComplianceObservation, WeeklyReportDelivery
from somevakt.reports.periods import Period
from somevakt.sources.models import Channel


class InsightError(ValueError):
    """Figures from a platform that cannot be stored; the message says which and why."""


def insight_record(
    *,
    actor: Actor,
    channel: Channel,
    date: datetime.date,
    source: str,
    followers: int | None = None,
    reach: int | None = None,
    impressions: int | None = None,
) -> ChannelInsight:
    """Store one day's insights for a channel as its platform reports them; the same day
    reported again replaces the earlier figures (platforms revise the last days).

    The platform connectors call this; reports count reach from it.
    """
    require(actor, Action.RECORD_INSIGHTS)
    for name, value in (("followers", followers), ("reach", reach), ("impressions", impressions)):
        if value is not None and (not isinstance(value, int) or value < 0):
            raise InsightError(
                f"{name}={value!r} for {channel.slug} on {date}: not a count. "
                "Fix: give a whole number of 0 or more, or leave it out."
            )
    if not source.strip():
        raise InsightError("The source is empty. Fix: name the platform API it came from.")
    insight, _created = ChannelInsight.objects.update_or_create(
        channel=channel,
        date=date,
        defaults={
            "followers": followers,
            "reach": reach,
            "impressions": impressions,
            "source": source.strip()[:50],
        },
    )
    return insight


class CheckFinding(Protocol):
    """What compliance_observe needs of a governance finding (governance.checks.Finding)."""

    rule: str
    channel: Channel
    since: datetime.date


@dataclass(frozen=True)
class ComplianceChange:
    opened: int
    closed: int
    still_open: int


@transaction.atomic
def compliance_observe(
    *, actor: Actor, findings: Sequence[CheckFinding], now: datetime.datetime | None = None
) -> ComplianceChange:
    """Keep the history of the compliance checks (L2–L4, G2, S1, S2): given every finding
    of today's checks (governance.selectors.compliance_findings as the operator), a
    finding seen for the first time is opened, one no longer found is closed."""
    require(actor, Action.VIEW_COMPLIANCE)
    now = now or timezone.now()
    found = {(f.rule, f.channel.pk): f for f in findings}
    observed = {
        (o.rule, o.channel_id): o
        for o in ComplianceObservation.objects.select_for_update().filter(closed_at__isnull=True)
    }
    closing = [o.pk for key, o in observed.items() if key not in found]
    ComplianceObservation.objects.filter(pk__in=closing).update(closed_at=now)
    opening = [
        ComplianceObservation(rule=rule, channel_id=channel_id, since=f.since, opened_at=now)
        for (rule, channel_id), f in found.items()
        if (rule, channel_id) not in observed
    ]
    ComplianceObservation.objects.bulk_create(opening)
    return ComplianceChange(opened=len(opening), closed=len(closing), still_open=len(found))


class ReportError(RuntimeError):
    """The weekly report could not be made or sent; the message says why."""


def weekly_report_due(*, now: datetime.datetime | None = None) -> Period | None:
    """The week whose report is due now by the policy's [reports] table, or None: the
    week before, once its send day and time have come, if it has recipients and was not
    sent yet."""
    now = now or timezone.now()
    reports = policy_in_force().policy.reports
    if not reports.recipients:
        return None
    local = timezone.localtime(now)
    this_week = Period.containing("week", local.date())
    weekday = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ].index(str(reports.send_day))
    send_at = timezone.make_aware(
        datetime.datetime.combine(
            this_week.first_day + datetime.timedelta(days=weekday), reports.send_time
        )
    )
    week = this_week.previous()
    if local < send_at or WeeklyReportDelivery.objects.filter(week=week.first_day).exists():
        return None
    return week


def weekly_report_send(
    *, actor: Actor, week: Period, pdf: bytes, now: datetime.datetime | None = None
) -> WeeklyReportDelivery | None:
    """E-mail the PDF of `week` (reports.pdf.weekly_report_pdf) to the policy's
    recipients, once: a second call for the same week (another scheduler, a retry) sends
    nothing and returns None."""
    require(actor, Action.SEND_REPORTS)
    now = now or timezone.now()
    recipients = list(policy_in_force().policy.reports.recipients)
    if not recipients:
        raise ReportError(
            "The policy names no recipients. Fix: add recipients = [...] to [reports]."
        )
    if WeeklyReportDelivery.objects.filter(week=week.first_day).exists():
        return None
    with override(settings.LANGUAGE_CODE):
        subject = _("somevakt weekly report, %(week)s") % {"week": week.name}
        body = _(
            "The weekly report on the goals of the social media strategy is attached: "
            "reach, dialogue, answer times, moderation by rule and compliance."
        )
    try:
        with transaction.atomic():
            delivery = WeeklyReportDelivery.objects.create(
                week=week.first_day, recipients=recipients, sent_at=now, size=len(pdf)
            )
            audit_record(
                actor=actor,
                action="reports.weekly_sent",
                target=delivery,
                data={"week": week.name, "recipients": recipients, "bytes": len(pdf)},
            )
            message = EmailMessage(subject=subject, body=body, to=recipients)
            message.attach(f"somevakt-{week.name}.pdf", pdf, "application/pdf")
            # Sent inside the transaction: if the mail server refuses, nothing is
            # recorded and the next run tries again.
            message.send(fail_silently=False)
    except IntegrityError:
        return None  # another process sent it meanwhile
    return delivery
