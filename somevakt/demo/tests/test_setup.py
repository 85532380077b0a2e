import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.http import HttpRequest

from somevakt.demo.setup import CHANNELS, STAFF, demo_setup
from somevakt.inbox.models import Item
from somevakt.organisation.permissions import roles_of
from somevakt.sources.models import Channel, ChannelMember, ChannelType

pytestmark = pytest.mark.django_db


def test_demo_setup_creates_staff_channels_and_history_once():
    first = demo_setup()
    items = Item.objects.count()

    again = demo_setup()

    assert first.created and not again.created
    assert first.history.items_created == items > 0
    assert again.history.items_created == 0
    assert Item.objects.count() == items
    assert Channel.objects.count() == len(CHANNELS)


def test_the_demo_has_every_kind_of_channel_the_policy_speaks_of():
    demo_setup(traffic=False)

    assert set(Channel.objects.values_list("channel_type", flat=True)) >= {
        ChannelType.MAIN_PAGE,
        ChannelType.LOCAL_PAGE,
        ChannelType.CLOSED_GROUP,
        ChannelType.SECRET_GROUP,
        ChannelType.BLOG,
        ChannelType.NET_MEETING,
    }
    assert ChannelMember.objects.filter(
        channel__channel_type=ChannelType.SECRET_GROUP, is_employee=False
    ).exists(), "the demo shows an S1 finding: an outsider in a secret group"


def test_every_demo_login_works_with_the_printed_password(capsys):
    call_command("demo", "setup", "--no-traffic")
    printed = capsys.readouterr().out
    password = printed.split("Demo login: demo / ")[1].split()[0]

    for username, _, roles in STAFF:
        user = authenticate(HttpRequest(), username=username, password=password)
        assert user is not None, username
        assert roles_of(user) == set(roles)


def test_the_demo_login_passes_the_second_factor_with_a_printed_code(client, capsys):
    call_command("demo", "setup", "--no-traffic")
    printed = capsys.readouterr().out
    password = printed.split("Demo login: demo / ")[1].split()[0]
    codes = printed.split("one-time codes: ")[1].split()
    assert len(codes) == 5

    client.post("/accounts/login/", {"username": "demo", "password": password})
    assert client.get("/inbox/").url.startswith("/accounts/two-factor/")
    client.post("/accounts/two-factor/", {"token": codes[0]})
    assert client.get("/inbox/").status_code == 200

    call_command("demo", "setup", "--no-traffic")
    fresh = capsys.readouterr().out.split("one-time codes: ")[1].split()
    assert not set(fresh) & set(codes), "a new set-up gives new codes; the old stop working"


def test_simulate_refuses_to_run_before_the_demo_is_set_up():
    with pytest.raises(CommandError, match="demo setup") as refused:
        call_command("simulate", "--count", "10")
    assert refused.value.returncode == 2


def test_simulate_ingests_demo_traffic(capsys):
    demo_setup(traffic=False)

    call_command("simulate", "--count", "300", "--seed", "4")

    assert "300 events" in capsys.readouterr().out
    assert Item.objects.filter(is_demo=True).count() > 200


def test_the_demo_has_deletions_waiting_for_approval(settings):
    from somevakt.moderation.models import CaseState, ModerationCase
    from somevakt.policy.services import policy_load

    policy_load(path=settings.SOMEVAKT_DEFAULT_POLICY, actor=None)
    demo_setup()

    proposed = ModerationCase.objects.filter(state=CaseState.PROPOSED)
    assert proposed.count() == 3
    assert {case.proposed_by.username for case in proposed} == {"arne"}
    assert ModerationCase.objects.filter(state=CaseState.HIDDEN).count() == 2


def test_the_demo_has_posts_approved_scheduled_and_waiting_for_the_editor(settings):
    from somevakt.policy.services import policy_load
    from somevakt.publishing.models import Post, PostState
    from somevakt.publishing.selectors import post_warnings

    policy_load(path=settings.SOMEVAKT_DEFAULT_POLICY, actor=None)
    demo_setup(traffic=False)

    assert sorted(Post.objects.values_list("state", flat=True)) == [
        PostState.IN_REVIEW,
        PostState.SCHEDULED,
        PostState.SCHEDULED,
    ]
    waiting = Post.objects.get(state=PostState.IN_REVIEW)
    assert "P6" in {w["guideline"] for w in post_warnings(waiting)}
