"""The whole way of a post in a real browser: an admin drafts and schedules it, the
informasjonsansvarlig approves it, the outbox publishes it on two fake platforms when it
is due, and anyone finds it on the public page. Buttons of this room are found by their
form, so that the test holds in every language; the public page is always Norwegian."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from conftest import log_in
from somevakt.publishing import services
from somevakt.publishing.models import Post, PostState, TargetState

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_draft_review_schedule_publish_on_two_platforms_and_the_public_page(
    page,
    axe_violations,
    policy,
    admin_user,
    informasjonsansvarlig,
    facebook_page,
    mastodon_channel,
    deliver,
    fake_graph,
    fake_mastodon,
):
    # An admin writes the post, chooses both channels and a time, and submits it
    log_in(page, admin_user)
    page.goto("/publishing/new/")
    assert axe_violations(page) == []
    page.locator("#id_text").fill("Storgata er stengt for asfaltering tirsdag 1. desember.")
    page.get_by_label("Rakkestad kommune (Facebook)").check()
    page.get_by_label("Rakkestad på Mastodon (Mastodon)").check()
    # While it is written, the pre-publish check warns, citing the guideline (P6: sender)
    page.locator("#warnings .warning").first.wait_for()
    assert "P6" in page.locator("#warnings").inner_text()
    publish_at = (timezone.localtime() + datetime.timedelta(hours=2)).replace(second=0)
    page.locator("#id_publish_at").fill(publish_at.strftime("%Y-%m-%dT%H:%M"))
    page.locator("button[name=submit]").click()
    post = Post.objects.get()
    assert post.state == PostState.IN_REVIEW
    # and again on the post's page before publishing
    assert "P6" in page.locator(".warnings").inner_text()
    page.get_by_role("button", name="Logg ut").click()

    # The informasjonsansvarlig approves it from her review queue
    log_in(page, informasjonsansvarlig)
    page.goto("/publishing/review/")
    assert "Storgata er stengt" in page.locator(f"[data-post='{post.pk}']").inner_text()
    assert axe_violations(page) == []
    page.locator(f"form[action$='/posts/{post.pk}/approve/'] button").click()
    post.refresh_from_db()
    assert post.state == PostState.SCHEDULED and post.reviewed_by == informasjonsansvarlig

    # Nothing goes out before its time; when it is due, the outbox publishes it on both
    assert deliver() == 0
    with time_machine.travel(publish_at + datetime.timedelta(minutes=1), tick=True):
        assert deliver() == 2
    post.refresh_from_db()
    assert post.state == PostState.PUBLISHED
    assert set(post.targets.values_list("state", flat=True)) == {TargetState.DONE}
    page.goto(f"/publishing/posts/{post.pk}/")
    rows = page.locator("tr.target")
    assert rows.count() == 2
    for target in post.targets.all():
        assert (
            target.external_id
            in page.locator(f"tr[data-channel='{target.channel.slug}']").inner_text()
        )
    assert any(
        p["message"].startswith("Storgata") for p in fake_graph.posts[facebook_page.external_id]
    )
    assert any("Storgata" in e["text"] for e in fake_mastodon.effects if e["effect"] == "status")
    page.get_by_role("button", name="Logg ut").click()

    # Anyone finds it on the public page, without logging in
    page.goto("/public/")
    article = page.locator(f"#innlegg-{post.pk}")
    assert "Storgata er stengt for asfaltering" in article.inner_text()
    assert "Rakkestad kommune (Facebook)" in article.inner_text()


def test_the_public_page_has_no_axe_violations_with_a_crisis_banner(
    page, axe_violations, policy, informasjonsansvarlig, facebook_page, mastodon_channel, deliver
):
    for text, crisis in (("Biblioteket holder stengt fredag.", False), ("Vannet er stengt.", True)):
        post = services.post_create(
            actor=informasjonsansvarlig,
            text=text,
            channels=[facebook_page, mastodon_channel],
            is_crisis=crisis,
        )
        services.post_submit(actor=informasjonsansvarlig, post=post)
        deliver()
    post.refresh_from_db()
    services.post_pin(actor=informasjonsansvarlig, post=post, pinned=True)
    deliver()
    services.post_update(actor=informasjonsansvarlig, post=post, text="Vannet er tilbake kl. 14.")
    deliver()
    page.goto("/public/")
    assert "Krisemelding" in page.locator(".crisis").inner_text()
    assert page.locator("script").count() == 0
    assert axe_violations(page) == []
