import pytest
from django.test import override_settings

from somevakt.connectors.base import Target, connector_for
from somevakt.connectors.capabilities import PlatformAction
from somevakt.connectors.platforms.fakes.demo import DemoPlatforms


@pytest.fixture
def demo(tmp_path):
    server = DemoPlatforms(tmp_path / "effects.jsonl").start()
    with override_settings(SOMEVAKT_DEMO_PLATFORMS_URL=server.url):
        yield server
    server.stop()


@pytest.mark.parametrize(
    ("platform", "action", "target"),
    [
        ("instagram", PlatformAction.HIDE, Target(object_id="17900000000000001")),
        ("instagram", PlatformAction.DELETE, Target(object_id="17900000000000002")),
        ("youtube", PlatformAction.DELETE, Target(object_id="UgzDemoComment")),
        ("youtube", PlatformAction.REPLY, Target(object_id="UgzDemoComment")),
        ("x", PlatformAction.HIDE, Target(object_id="1860000000000000001")),
        ("x", PlatformAction.REPLY, Target(object_id="1860000000000000001")),
        ("wordpress", PlatformAction.DELETE, Target(object_id="comment-77")),
        ("mastodon", PlatformAction.REPLY, Target(object_id="113000000000000001")),
        ("mastodon", PlatformAction.BAN, Target(user_id="113000000000000009")),
    ],
)
def test_without_a_connected_account_the_demo_fakes_carry_out_the_action(
    db, demo, platform, action, target
):
    connector_for(platform).act(action, target, text="Takk for innspillet.")

    assert [e["platform"] for e in demo.effects] == [platform]
    assert (demo.log_path.read_text().count("\n")) == 1
