import datetime
import itertools

import pytest
from django.utils import timezone

from somevakt.inbox.models import Thread
from somevakt.inbox.services import item_ingest
from somevakt.organisation.models import Role
from somevakt.sources.models import ChannelType, Platform

_numbers = itertools.count(1)
LONG_AGO = timezone.now() - datetime.timedelta(days=5)


@pytest.fixture(autouse=True)
def _archive_folders(settings, tmp_path):
    settings.SOMEVAKT_ARCHIVE_DIR = tmp_path / "archive"
    settings.SOMEVAKT_ARCHIVE_DROP_DIR = tmp_path / "drop"


@pytest.fixture
def arkivar(make_user):
    return make_user(Role.ARKIVAR, username="per")


@pytest.fixture
def conversation(policy, make_channel, make_event):
    """A finished thread on a new channel: `messages` are (by_municipality, text) pairs,
    the first one the post; the channel itself writes for the municipality."""

    def make(
        *messages: tuple[bool, str],
        channel_type: ChannelType = ChannelType.MAIN_PAGE,
        platform: Platform = Platform.FACEBOOK,
        at: datetime.datetime = LONG_AGO,
    ) -> Thread:
        channel = make_channel(channel_type, platform=platform)
        post_id = f"{channel.external_id}_{next(_numbers)}"
        for number, (by_municipality, text) in enumerate(messages):
            external_id = post_id if number == 0 else f"{post_id}_{number}"
            author = (
                {"id": channel.external_id, "name": channel.name}
                if by_municipality
                else {"id": f"citizen{number}", "name": f"Innbygger Nummer{number}"}
            )
            moment = at + datetime.timedelta(minutes=number)
            item_ingest(
                event=make_event(
                    external_id=external_id,
                    platform=platform.value,
                    channel=channel.external_id,
                    kind="post" if number == 0 else "comment",
                    parent_external_id=None if number == 0 else post_id,
                    thread_external_id=post_id,
                    author=author,
                    text=text,
                    published_at=moment,
                    occurred_at=moment,
                )
            )
        return Thread.objects.get(external_id=post_id)

    return make


@pytest.fixture
def deletion_record(policy, make_user, make_event, main_page):
    """An approved deletion of an insult on the main page (A6), by two people (O2)."""
    from somevakt.moderation.models import ModerationCase
    from somevakt.moderation.services import case_approve, case_propose_deletion

    result = item_ingest(
        event=make_event(
            external_id="100200300_66",
            author={"id": "troll1", "name": "Trond Troll"},
            text="Du er en idiot, ordfører.",
        )
    )
    case = ModerationCase.objects.get(item_id=result.item_id)
    case_propose_deletion(actor=make_user(Role.ADMIN, username="arne"), case=case, rules=["D2"])
    case_approve(actor=make_user(Role.INFORMASJONSANSVARLIG, username="ingrid"), case=case)
    return case.deletion_record
