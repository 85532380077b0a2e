import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from somevakt.inbox.services import item_ingest
from somevakt.organisation.models import Role
from somevakt.sources.models import ChannelType, MemberRole, Platform
from somevakt.sources.selectors import channel_list
from somevakt.sources.services import channel_member_add, channel_register

pytestmark = pytest.mark.django_db
DAY = datetime.date(2024, 1, 15)


def _register(actor, unit, **fields):
    values = {
        "name": "Rakkestad kino",
        "slug": "kino",
        "channel_type": ChannelType.LOCAL_PAGE,
        "platform": Platform.FACEBOOK,
        "external_id": "555",
        "unit": unit,
    }
    values.update(fields)
    return channel_register(actor=actor, **values)


def test_only_the_informasjonsansvarlig_registers_channels(make_user, unit, informasjonsansvarlig):
    with pytest.raises(PermissionDenied):
        _register(make_user(Role.ADMIN), unit)

    assert _register(informasjonsansvarlig, unit).channel_type == ChannelType.LOCAL_PAGE


def test_a_platform_id_is_registered_once(unit):
    _register(None, unit)

    with pytest.raises(ValidationError) as raised:
        _register(None, unit, slug="kino-2")

    assert "__all__" in raised.value.message_dict


def test_an_unknown_channel_type_is_refused(unit):
    with pytest.raises(ValidationError, match="channel_type"):
        _register(None, unit, channel_type="myspace_page")


def test_members_are_employees_or_outsiders_with_dates(unit, informasjonsansvarlig):
    channel = _register(None, unit, channel_type=ChannelType.SECRET_GROUP)

    employee = channel_member_add(
        actor=None, channel=channel, role=MemberRole.ADMIN, since=DAY, user=informasjonsansvarlig
    )
    outsider = channel_member_add(
        actor=None, channel=channel, role=MemberRole.MEMBER, since=DAY, person_name="Ola Utenfor"
    )

    assert employee.is_employee and not outsider.is_employee
    assert employee.person_name == "ingrid"


def test_membership_cannot_end_before_it_starts(unit):
    channel = _register(None, unit)

    with pytest.raises(ValidationError):
        member = channel_member_add(
            actor=None, channel=channel, role=MemberRole.MEMBER, since=DAY, person_name="A"
        )
        member.until = DAY - datetime.timedelta(days=1)
        member.full_clean()


def test_the_channel_list_counts_admins_members_and_items(
    main_page, make_event, informasjonsansvarlig, django_assert_max_num_queries
):
    channel_member_add(
        actor=None, channel=main_page, role=MemberRole.ADMIN, since=DAY, user=informasjonsansvarlig
    )
    for number in range(3):
        item_ingest(event=make_event(f"100200300_{number}"))

    with django_assert_max_num_queries(2):  # the actor's roles, then the list
        (channel,) = list(channel_list(actor=informasjonsansvarlig))

    assert (channel.admin_count, channel.member_count, channel.item_count) == (1, 0, 3)
