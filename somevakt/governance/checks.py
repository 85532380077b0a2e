"""One check per governance rule of the policy (L2, L3, L4, G2, S1, S2).

Each check reads the channel registry and the inbox and returns findings: which
channel, which rule, since when, what is wrong and what to do. `compliance_findings`
in selectors.py runs them all; the compliance page and `manage.py compliance` show them.
"""

import datetime
from dataclasses import dataclass

from django.db.models import F, Max, Q, QuerySet
from django.utils.translation import gettext as _

from somevakt.governance.models import SecretGroupRegistration
from somevakt.inbox.models import ItemKind
from somevakt.organisation.models import Role
from somevakt.policy.schema import Policy
from somevakt.sources.models import (
    Channel,
    ChannelMember,
    ChannelType,
    MemberRole,
    current_membership,
)


@dataclass(frozen=True)
class Finding:
    rule: str
    channel: Channel
    since: datetime.date
    what: str
    fix: str


def own_posts(prefix: str = "", page_id: str | F = "") -> Q:
    """Posts by the page itself (L2): not comments, not visitors' posts on its wall.

    `prefix` reaches the items through a relation ("items__" from Channel); `page_id` is
    the page's id on the platform, or F("external_id") from the channel itself.
    """
    return Q(**{f"{prefix}kind": ItemKind.POST, f"{prefix}author__platform_author_id": page_id})


def active_channels(today: datetime.date, channel_type: ChannelType) -> QuerySet[Channel]:
    return Channel.objects.filter(
        Q(active_from__isnull=True) | Q(active_from__lte=today),
        Q(active_until__isnull=True) | Q(active_until__gte=today),
        channel_type=channel_type,
    ).order_by("name")


def _first_day(channel: Channel) -> datetime.date:
    return channel.active_from or channel.created_at.date()


def _last_own_posts(today: datetime.date):  # the annotated type: Channel with last_post
    """Local pages with the time of their newest post by the page itself."""
    return active_channels(today, ChannelType.LOCAL_PAGE).annotate(
        last_post=Max("items__published_at", filter=own_posts("items__", F("external_id")))
    )


def check_l2_weekly_posts(*, policy: Policy, today: datetime.date) -> list[Finding]:
    """L2: a local page posts at least every `max_days_without_post` days."""
    days = policy.local_pages.max_days_without_post
    findings = []
    for channel in _last_own_posts(today):
        last = channel.last_post.date() if channel.last_post else None
        start = last or _first_day(channel)
        if (today - start).days > days:
            findings.append(
                Finding(
                    rule="L2",
                    channel=channel,
                    since=start + datetime.timedelta(days=days),
                    what=(
                        _("No post by the page since %(date)s.") % {"date": last.isoformat()}
                        if last
                        else _("The page has never posted.")
                    ),
                    fix=_("Post on the page at least every %(days)s days.") % {"days": days},
                )
            )
    return findings


def check_l4_quiet_local_page(*, policy: Policy, today: datetime.date) -> list[Finding]:
    """L4: a local page quiet for `recommend_main_page_after_quiet_weeks` weeks should
    give way to the main page."""
    weeks = policy.local_pages.recommend_main_page_after_quiet_weeks
    findings = []
    for channel in _last_own_posts(today):
        start = channel.last_post.date() if channel.last_post else _first_day(channel)
        if (today - start).days >= 7 * weeks:
            findings.append(
                Finding(
                    rule="L4",
                    channel=channel,
                    since=start + datetime.timedelta(weeks=weeks),
                    what=_("The page has been quiet for %(weeks)s weeks or more.")
                    % {"weeks": weeks},
                    fix=_("Advise %(unit)s to post on the main page instead and close this page.")
                    % {"unit": channel.unit.name},
                )
            )
    return findings


def _officer_memberships(**filters) -> QuerySet[ChannelMember]:
    return ChannelMember.objects.filter(
        user__groups__name=Role.INFORMASJONSANSVARLIG, user__is_active=True, **filters
    )


def _missing_officer(
    channels: QuerySet[Channel], today: datetime.date, role: MemberRole | None
) -> list[tuple[Channel, datetime.date]]:
    """Channels without a current information officer (as admin, or in any role)."""
    role_filter = {"role": role} if role else {}
    covered = set(
        _officer_memberships(**role_filter)
        .filter(current_membership(today))
        .values_list("channel_id", flat=True)
    )
    ended = dict(
        _officer_memberships(**role_filter, until__lt=today)
        .values("channel_id")
        .annotate(last=Max("until"))
        .values_list("channel_id", "last")
    )
    return [
        (channel, ended.get(channel.pk) or _first_day(channel))
        for channel in channels
        if channel.pk not in covered
    ]


def check_l3_information_officer_is_admin(*, policy: Policy, today: datetime.date) -> list[Finding]:
    """L3: the information officers are administrators of every local page."""
    return [
        Finding(
            rule="L3",
            channel=channel,
            since=since,
            what=_("No information officer is an administrator of the page."),
            fix=_("Make the informasjonsansvarlig an administrator of the page."),
        )
        for channel, since in _missing_officer(
            active_channels(today, ChannelType.LOCAL_PAGE), today, MemberRole.ADMIN
        )
    ]


def check_g2_information_officer_in_closed_group(
    *, policy: Policy, today: datetime.date
) -> list[Finding]:
    """G2: the informasjonsansvarlig is a member of every closed group."""
    return [
        Finding(
            rule="G2",
            channel=channel,
            since=since,
            what=_("The informasjonsansvarlig is not a member of the group."),
            fix=_("Add the informasjonsansvarlig to the group as a member or administrator."),
        )
        for channel, since in _missing_officer(
            active_channels(today, ChannelType.CLOSED_GROUP), today, None
        )
    ]


def check_s1_employees_only(*, policy: Policy, today: datetime.date) -> list[Finding]:
    """S1: a secret group consists of employees only."""
    outsiders = (
        ChannelMember.objects.filter(
            current_membership(today),
            channel__in=active_channels(today, ChannelType.SECRET_GROUP),
            is_employee=False,
        )
        .select_related("channel")
        .order_by("channel__name", "person_name")
    )
    return [
        Finding(
            rule="S1",
            channel=member.channel,
            since=member.since,
            what=_("%(name)s is a member but not an employee.") % {"name": member.person_name},
            fix=_("Remove %(name)s from the group on the platform and end the membership here.")
            % {"name": member.person_name},
        )
        for member in outsiders
    ]


def check_s2_secret_group_registered(*, policy: Policy, today: datetime.date) -> list[Finding]:
    """S2: the informasjonsansvarlig keeps an overview of every secret group."""
    registered = SecretGroupRegistration.objects.values("channel_id")
    return [
        Finding(
            rule="S2",
            channel=channel,
            since=_first_day(channel),
            what=_("The secret group is not in the informasjonsansvarlig's overview."),
            fix=_("The informasjonsansvarlig registers the group and what it is for."),
        )
        for channel in active_channels(today, ChannelType.SECRET_GROUP).exclude(pk__in=registered)
    ]


CHECKS = (
    check_l2_weekly_posts,
    check_l3_information_officer_is_admin,
    check_l4_quiet_local_page,
    check_g2_information_officer_in_closed_group,
    check_s1_employees_only,
    check_s2_secret_group_registered,
)
