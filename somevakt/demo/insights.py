"""Followers and reach for the demo channels, as a platform's insights API would report
them day by day; the reports read them like those of a real connector."""

import datetime
import random

from django.utils import timezone

from somevakt.reports.services import insight_record
from somevakt.sources.models import Channel, ChannelType, Platform

INSIGHT_DAYS = 120
INSIGHT_SEED = 48
# Platforms whose APIs report page insights (Facebook Graph, Instagram); others do not.
WITH_INSIGHTS = {Platform.FACEBOOK: "facebook-insights", Platform.INSTAGRAM: "instagram-insights"}


def demo_insights(*, first_day: datetime.date, today: datetime.date | None = None) -> int:
    """Record a day of insights from `first_day` to today for every demo channel on a
    platform with insights; each day's figures follow from the seed, so a rerun records
    the same numbers again."""
    today = today or timezone.localdate()
    recorded = 0
    channels = Channel.objects.filter(
        is_demo=True,
        platform__in=WITH_INSIGHTS,
        channel_type__in=(ChannelType.MAIN_PAGE, ChannelType.LOCAL_PAGE, ChannelType.INSTAGRAM),
    ).order_by("pk")
    for channel in channels:
        rng = random.Random(f"{INSIGHT_SEED}-{channel.slug}")  # noqa: S311 - demo figures
        followers = rng.randint(300, 9000)
        for offset in range((today - first_day).days + 1):
            day = first_day + datetime.timedelta(days=offset)
            followers += rng.randint(-2, 12)
            weekend = day.weekday() >= 5
            reach = int(followers * rng.uniform(0.05, 0.25) * (0.6 if weekend else 1))
            insight_record(
                actor=None,
                channel=channel,
                date=day,
                source=WITH_INSIGHTS[Platform(channel.platform)],
                followers=followers,
                reach=reach,
                impressions=int(reach * rng.uniform(1.3, 2.2)),
            )
            recorded += 1
    return recorded
