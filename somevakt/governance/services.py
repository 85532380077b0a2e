import datetime
import logging

from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from somevakt.audit.services import audit_record
from somevakt.deadlines.services import calendar_of
from somevakt.governance.checks import active_channels
from somevakt.governance.models import PlannedWeek, QuietWeekReminder, SecretGroupRegistration
from somevakt.governance.selectors import can_edit_content_plan, quiet_week_remind_at, week_posts
from somevakt.organisation.permissions import Action, Actor, require, user_of
from somevakt.policy.selectors import policy_in_force_or_none
from somevakt.sources.models import Channel, ChannelType
from somevakt.sources.selectors import channel_admin_users

logger = logging.getLogger(__name__)


@transaction.atomic
def secret_group_register(
    *, actor: Actor, channel: Channel, purpose: str
) -> SecretGroupRegistration:
    """Put a secret group in the informasjonsansvarlig's overview (S2). Audited."""
    require(actor, Action.REGISTER_SECRET_GROUP)
    if channel.channel_type != ChannelType.SECRET_GROUP:
        raise ValueError(
            f"{channel.name} is a {channel.get_channel_type_display()}, not a secret group. "
            "Fix: only secret groups are registered in the overview (S2)"
        )
    purpose = purpose.strip()
    if not purpose:
        raise ValueError("the registration needs a purpose. Fix: write what the group is for")
    registration, _ = SecretGroupRegistration.objects.update_or_create(
        channel=channel,
        defaults={
            "purpose": purpose,
            "registered_by": user_of(actor),
        },
    )
    audit_record(
        actor=actor,
        action="governance.secret_group_registered",
        target=registration,
        data={"channel": channel.slug, "purpose": purpose},
    )
    return registration


# --- the weekly content plan of local pages (L2, L4) ------------------------------------


@transaction.atomic
def content_plan_week_set(
    *, actor: Actor, channel: Channel, week: datetime.date, topic: str, responsible: str
) -> PlannedWeek | None:
    """Plan a week of a local page: the topic and who in the unit writes it. Both empty
    clears the week. Only this week and weeks ahead; audited."""
    require(actor, Action.EDIT_CONTENT_PLAN)
    if channel.channel_type != ChannelType.LOCAL_PAGE:
        raise ValueError(
            f"{channel.name} is a {channel.get_channel_type_display()}, not a local page. "
            "Fix: content plans are for local pages (L2)"
        )
    if not can_edit_content_plan(actor, channel):
        raise PermissionDenied(
            f"only the administrators of {channel.name} and the informasjonsansvarlig "
            "plan its weeks"
        )
    if week.weekday() != 0:
        raise ValueError(f"{week} is not a Monday. Fix: give the Monday the week starts on")
    if week + datetime.timedelta(days=6) < timezone.localdate():
        raise ValueError(f"the week of {week} is over. Fix: plan this week or a week ahead")
    topic, responsible = topic.strip(), responsible.strip()
    for name, value, limit in (("topic", topic, 300), ("who in the unit", responsible, 200)):
        if len(value) > limit:
            raise ValueError(f"{name} is {len(value)} characters long. Fix: shorten it to {limit}")
    before = PlannedWeek.objects.filter(channel=channel, week=week).first()
    was = {"topic": before.topic, "responsible": before.responsible} if before else None
    if not topic and not responsible:
        if before is None:
            return None
        before.delete()
        planned = None
    else:
        planned, _created = PlannedWeek.objects.update_or_create(
            channel=channel,
            week=week,
            defaults={"topic": topic, "responsible": responsible, "updated_by": user_of(actor)},
        )
    audit_record(
        actor=actor,
        action="governance.content_plan_changed",
        target=channel,
        data={
            "week": f"{week:%G-W%V}",
            "before": was,
            "after": {"topic": topic, "responsible": responsible} if planned else None,
        },
    )
    return planned


def quiet_weeks_remind(*, actor: Actor = None, now: datetime.datetime | None = None) -> int:
    """E-mail the admins of every local page that has not posted this week once the
    reminder time of the week has come (L2, `remind_working_days_before_week_end`).

    Once per page and week: the QuietWeekReminder row is the claim, so several reminder
    loops at once send one e-mail. Returns how many pages were reminded.
    """
    require(actor, Action.SEND_REMINDERS)
    version = policy_in_force_or_none()
    if version is None:
        return 0
    now = now or timezone.now()
    calendar = calendar_of(version)
    today = calendar.local(now).date()
    week = today - datetime.timedelta(days=today.weekday())
    remind_at = quiet_week_remind_at(
        week, calendar, version.policy.local_pages.remind_working_days_before_week_end
    )
    if remind_at is None or now < remind_at:
        return 0
    reminded = 0
    pages = active_channels(today, ChannelType.LOCAL_PAGE).exclude(quiet_week_reminders__week=week)
    for channel in pages.select_related("unit"):
        if week_posts(channel, week):
            continue
        admins = [user for user in channel_admin_users(channel.pk) if user.email]
        with transaction.atomic():
            reminder, created = QuietWeekReminder.objects.get_or_create(
                channel=channel,
                week=week,
                defaults={"sent_at": now, "recipients": [user.email for user in admins]},
            )
            if not created:
                continue  # another loop took it
            audit_record(
                actor=actor,
                action="governance.quiet_week_reminded",
                target=reminder,
                data={"channel": channel.slug, "week": f"{week:%G-W%V}", "to": reminder.recipients},
                policy_version=version,
            )
        reminded += 1
        if admins:
            _mail_quiet_week(channel, week, reminder.recipients)
    return reminded


def _mail_quiet_week(channel: Channel, week: datetime.date, recipients: list[str]) -> None:
    planned = channel.planned_weeks.filter(week=week).first()
    with translation.override("nb"):
        subject = _("No post on %(page)s this week yet (week %(week)s)") % {
            "page": channel.name,
            "week": week.isocalendar().week,
        }
        lines = [
            _(
                "%(page)s has not posted this week. The week ends on Sunday %(sunday)s; "
                "L2: local pages post every week."
            )
            % {
                "page": channel.name,
                "sunday": (week + datetime.timedelta(days=6)).strftime("%d.%m.%Y"),
            }
        ]
        if planned and planned.topic:
            lines.append(
                _("Planned topic: %(topic)s (%(who)s).")
                % {"topic": planned.topic, "who": planned.responsible or "–"}
            )
        lines.append(_("The content plan: /compliance/plans/%(slug)s/") % {"slug": channel.slug})
    try:
        send_mail(subject, "\n\n".join(lines) + "\n", None, recipients)
    except OSError:
        # The warning stays on the page; the mail server's trouble is logged.
        logger.exception("quiet week e-mail for %s failed", channel.slug)
