import datetime

import pytest

from somevakt.audit.models import AuditEntry
from somevakt.audit.selectors import audit_chain_check
from somevakt.policy.services import policy_load
from somevakt.sources.models import ChannelType, MemberRole, Platform
from somevakt.sources.services import channel_member_add, channel_register, channel_save

pytestmark = pytest.mark.django_db


def test_policy_load_is_audited_once_per_change(settings, informasjonsansvarlig):
    version = policy_load(path=settings.SOMEVAKT_DEFAULT_POLICY, actor=informasjonsansvarlig)
    policy_load(path=settings.SOMEVAKT_DEFAULT_POLICY, actor=informasjonsansvarlig)
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.target_id, entry.actor) == (
        "policy.loaded",
        str(version.pk),
        informasjonsansvarlig,
    )
    assert entry.policy_sha256 == version.sha256


def test_channel_configuration_is_audited(informasjonsansvarlig, unit):
    channel = channel_register(
        actor=informasjonsansvarlig,
        name="Kinoen",
        slug="kinoen",
        channel_type=ChannelType.LOCAL_PAGE,
        platform=Platform.FACEBOOK,
        external_id="555",
        unit=unit,
    )
    channel.name = "Rakkestad kino"

    channel_save(actor=informasjonsansvarlig, channel=channel)
    channel_member_add(
        actor=informasjonsansvarlig,
        channel=channel,
        role=MemberRole.ADMIN,
        user=informasjonsansvarlig,
        since=datetime.date(2026, 1, 1),
    )
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert actions == ["channel.registered", "channel.changed", "channel.member_added"]
    assert AuditEntry.objects.get(action="channel.changed").data["name"] == "Rakkestad kino"
    assert audit_chain_check().intact
