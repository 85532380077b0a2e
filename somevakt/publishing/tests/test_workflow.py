import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from somevakt.audit.models import AuditEntry
from somevakt.inbox.models import Item
from somevakt.organisation.models import Role
from somevakt.publishing import services
from somevakt.publishing.models import PostState, PostVersion, TargetState
from somevakt.sources.models import ChannelType, Platform


@pytest.fixture
def editor(informasjonsansvarlig):
    return informasjonsansvarlig


def test_a_main_page_post_waits_for_the_editor_then_reaches_both_platforms(
    policy, admin_user, editor, facebook_page, mastodon_channel, deliver, fake_graph, fake_mastodon
):
    # Given an admin's draft to the main page and Mastodon
    post = services.post_create(
        actor=admin_user,
        text="Storgata stenges tirsdag for asfaltering.\nHilsen teknisk drift",
        channels=[facebook_page, mastodon_channel],
    )
    assert post.state == PostState.DRAFT
    # When it is submitted, the policy sends it to the informasjonsansvarlig (O1)
    post = services.post_submit(actor=admin_user, post=post)
    assert post.state == PostState.IN_REVIEW and post.needs_review
    assert deliver() == 0  # nothing reaches a platform before the approval
    with pytest.raises(PermissionDenied):
        services.post_approve(actor=admin_user, post=post)
    post = services.post_approve(actor=editor, post=post, note="Fint")
    assert post.state == PostState.SCHEDULED
    # Then the outbox publishes it once on each platform and ingests it as an item
    assert deliver() == 2
    post.refresh_from_db()
    assert post.state == PostState.PUBLISHED and post.published_at is not None
    targets = {t.channel.platform: t for t in post.targets.select_related("item")}
    assert all(t.state == TargetState.DONE and t.external_id for t in targets.values())
    facebook_post = fake_graph._post(targets["facebook"].external_id)
    assert facebook_post["message"].startswith("Storgata stenges")
    assert targets["mastodon"].external_id in fake_mastodon.statuses
    for target in targets.values():
        assert target.item is not None and target.item.kind == "post"
        assert "Storgata stenges" in target.item.text
    assert Item.objects.count() == 2
    actions = list(AuditEntry.objects.order_by("sequence").values_list("action", flat=True))
    for step in ("create", "submit", "approve", "publish"):
        assert f"publishing.post.{step}" in actions
    assert actions.count("publishing.target.publish") == 2
    assert deliver() == 0  # exactly once


def test_a_local_page_post_needs_no_review(policy, admin_user, local_page, deliver):
    post = services.post_create(actor=admin_user, text="Kino i kveld!", channels=[local_page])
    post = services.post_submit(actor=admin_user, post=post)
    assert post.state == PostState.SCHEDULED and not post.needs_review
    assert deliver() == 1


def test_a_crisis_message_needs_review_even_on_a_local_page(policy, admin_user, local_page):
    post = services.post_create(
        actor=admin_user, text="Vannet er stengt.", channels=[local_page], is_crisis=True
    )
    assert services.post_submit(actor=admin_user, post=post).state == PostState.IN_REVIEW


def test_the_editor_sends_back_with_a_reason(policy, admin_user, editor, facebook_page):
    post = services.post_create(actor=admin_user, text="Utkast", channels=[facebook_page])
    post = services.post_submit(actor=admin_user, post=post)
    with pytest.raises(services.PublishingError, match="Skriv hvorfor innlegget sendes tilbake"):
        services.post_send_back(actor=editor, post=post, reason=" ")
    post = services.post_send_back(actor=editor, post=post, reason="Mangler avsender")
    assert post.state == PostState.DRAFT and post.review_note == "Mangler avsender"
    assert AuditEntry.objects.filter(action="publishing.post.send_back").exists()


def test_a_scheduled_post_is_not_published_before_its_time(policy, admin_user, local_page, deliver):
    later = timezone.now() + datetime.timedelta(hours=2)
    post = services.post_create(
        actor=admin_user, text="Kino i morgen", channels=[local_page], publish_at=later
    )
    services.post_submit(actor=admin_user, post=post)
    assert deliver() == 0
    post.targets.update(next_attempt_at=timezone.now())  # the time has come
    assert deliver() == 1


def test_throttling_waits_and_server_errors_retry_then_fail_with_the_reason(
    policy, admin_user, local_page, deliver, fake_graph
):
    post = services.post_create(actor=admin_user, text="Hei", channels=[local_page])
    services.post_submit(actor=admin_user, post=post)
    fake_graph.failures += [(400, 4)]  # Graph throttling (#4): a wait, not an attempt
    deliver()
    target = post.targets.get()
    assert target.state == TargetState.PENDING and target.attempts == 0
    assert target.next_attempt_at > timezone.now()
    fake_graph.failures += [(500, 2)] * 10
    for _ in range(6):
        post.targets.filter(state=TargetState.PENDING).update(next_attempt_at=timezone.now())
        deliver()
    target.refresh_from_db()
    assert target.state == TargetState.FAILED and target.attempts == 6
    assert "Injected failure" in target.last_error
    post.refresh_from_db()
    assert post.state == PostState.FAILED
    assert AuditEntry.objects.filter(action="publishing.post.fail").exists()


def test_a_permanent_error_fails_at_once(policy, admin_user, local_page, deliver, fake_graph):
    post = services.post_create(actor=admin_user, text="Hei", channels=[local_page])
    services.post_submit(actor=admin_user, post=post)
    fake_graph.failures += [(400, 100)]
    deliver()
    target = post.targets.get()
    assert target.state == TargetState.FAILED and target.attempts == 1
    services.post_retry(actor=admin_user, post=post)
    deliver()
    target.refresh_from_db()
    assert target.state == TargetState.DONE


def test_a_worker_that_died_after_posting_does_not_post_twice(
    policy, admin_user, facebook_page, mastodon_channel, editor, deliver, fake_graph, fake_mastodon
):
    post = services.post_create(
        actor=admin_user, text="En gang", channels=[facebook_page, mastodon_channel]
    )
    services.post_approve(actor=editor, post=services.post_submit(actor=admin_user, post=post))
    deliver()
    # The platforms got the posts, but the workers died before recording it: the lease runs out
    post.targets.update(
        state=TargetState.RUNNING,
        lease_until=timezone.now() - datetime.timedelta(seconds=1),
        external_id="",
    )
    assert deliver() == 2
    fb_posts = [p for p in fake_graph.posts[facebook_page.external_id] if p["message"] == "En gang"]
    assert len(fb_posts) == 1
    statuses = [e for e in fake_mastodon.effects if e["effect"] == "status"]
    assert len(statuses) == 1
    assert post.targets.filter(state=TargetState.DONE).count() == 2


def test_channels_without_publishing_are_refused_with_the_reason(policy, admin_user, make_channel):
    youtube = make_channel(ChannelType.YOUTUBE, Platform.YOUTUBE)
    with pytest.raises(services.PublishingError, match="YouTube"):
        services.post_create(actor=admin_user, text="Hei", channels=[youtube])


def test_only_admins_and_the_editor_write_posts(policy, make_user, local_page):
    clerk = make_user(Role.SERVICEKONTOR)
    with pytest.raises(PermissionDenied):
        services.post_create(actor=clerk, text="Hei", channels=[local_page])


def test_an_update_keeps_the_earlier_version_and_edits_on_the_platforms(
    policy, admin_user, editor, facebook_page, mastodon_channel, deliver, fake_graph, fake_mastodon
):
    post = services.post_create(
        actor=editor,
        text="Vannet er stengt i sentrum.",
        channels=[facebook_page, mastodon_channel],
        is_crisis=True,
    )
    services.post_submit(actor=editor, post=post)  # the editor's own: no second review
    deliver()
    post.refresh_from_db()
    with pytest.raises(PermissionDenied):  # a crisis message is the editor's to change
        services.post_update(actor=admin_user, post=post, text="Ny")
    services.post_update(actor=editor, post=post, text="Vannet er tilbake kl. 14.")
    deliver()
    post.refresh_from_db()
    assert post.version == 2
    assert list(PostVersion.objects.filter(post=post).values_list("text", flat=True)) == [
        "Vannet er tilbake kl. 14.",
        "Vannet er stengt i sentrum.",
    ]
    fb = post.targets.get(channel=facebook_page)
    assert fake_graph._post(fb.external_id)["message"] == "Vannet er tilbake kl. 14."
    assert fb.item.text == "Vannet er tilbake kl. 14."
    masto = post.targets.get(channel=mastodon_channel)
    assert "tilbake" in fake_mastodon.statuses[masto.external_id]["content"]
    assert AuditEntry.objects.filter(action="publishing.post.update").exists()


def test_pinning_reaches_the_platforms(
    policy, editor, facebook_page, mastodon_channel, deliver, fake_graph, fake_mastodon
):
    post = services.post_create(
        actor=editor, text="Krise", channels=[facebook_page, mastodon_channel], is_crisis=True
    )
    services.post_submit(actor=editor, post=post)
    deliver()
    post.refresh_from_db()
    services.post_pin(actor=editor, post=post, pinned=True)
    assert deliver() == 2
    fb = post.targets.get(channel=facebook_page)
    assert fake_graph._post(fb.external_id)["is_pinned"] is True
    masto = post.targets.get(channel=mastodon_channel)
    assert fake_mastodon.statuses[masto.external_id]["pinned"] is True
    assert AuditEntry.objects.filter(action="publishing.post.pin").exists()


def test_pin_update_and_unpin_each_get_keys_of_their_own(
    policy, editor, facebook_page, deliver, fake_graph
):
    post = services.post_create(
        actor=editor, text="Krise", channels=[facebook_page], is_crisis=True
    )
    services.post_submit(actor=editor, post=post)
    deliver()
    post.refresh_from_db()
    keys = []
    for step in ("pin", "update", "unpin"):
        if step == "update":
            services.post_update(actor=editor, post=post, text="Krise, oppdatert")
        else:
            services.post_pin(actor=editor, post=post, pinned=step == "pin")
        keys.append(post.targets.get().key)
        assert deliver() == 1
    assert len(set(keys)) == 3
    target = post.targets.get()
    assert fake_graph._post(target.external_id)["is_pinned"] is False
