import datetime

import pytest

from somevakt.organisation.models import Role
from somevakt.sources.models import ChannelMember, ChannelType, MemberRole


@pytest.fixture
def kino(make_channel):
    """A local page (L2) with a weekly content plan."""
    return make_channel(
        ChannelType.LOCAL_PAGE, slug="kino", name="Rakkestad kino", external_id="kino-page"
    )


@pytest.fixture
def kino_admin(kino, make_user):
    """An admin of the kino page, with an e-mail address for the quiet-week reminder."""
    arne = make_user(Role.ADMIN, username="arne")
    arne.email = "arne@rakkestad.kommune.no"
    arne.save()
    ChannelMember.objects.create(
        channel=kino,
        user=arne,
        role=MemberRole.ADMIN,
        person_name="Arne",
        is_employee=True,
        since=datetime.date(2026, 1, 1),
    )
    return arne
