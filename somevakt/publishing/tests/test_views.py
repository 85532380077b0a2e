import io

from django.core.management import call_command

from conftest import log_in
from somevakt.organisation.models import Role
from somevakt.publishing import services
from somevakt.publishing.models import Post, PostState
from somevakt.sources.models import ChannelType


def test_the_default_policy_puts_the_main_page_and_crisis_messages_under_the_editor(policy):
    rules = policy.policy.publishing
    assert ChannelType.MAIN_PAGE in rules.review_channel_types
    assert ChannelType.LOCAL_PAGE not in rules.review_channel_types
    assert rules.review_crisis_messages and not rules.editor_posts_need_review
    out = io.StringIO()
    call_command("policy", "show", stdout=out)
    assert "Publishing: the informasjonsansvarlig approves posts to main_page" in out.getvalue()


def test_an_admin_writes_and_submits_and_the_editor_sends_back_through_the_pages(
    client, policy, admin_user, informasjonsansvarlig, facebook_page
):
    log_in(client, admin_user)
    form = {"text": "Ny brannstasjon åpner.", "channels": [facebook_page.pk], "submit": ""}
    response = client.post("/publishing/new/", form)
    post = Post.objects.get()
    assert response.status_code == 302 and post.state == PostState.IN_REVIEW
    page = client.get(f"/publishing/posts/{post.pk}/").content.decode()
    assert "Ny brannstasjon åpner." in page and 'data-channel="hovedside"' in page
    log_in(client, informasjonsansvarlig)
    review = client.get("/publishing/review/").content.decode()
    assert f'data-post="{post.pk}"' in review and "P6" in review  # no sender: warned
    client.post(
        f"/publishing/posts/{post.pk}/send_back/", {"reason": "Mangler avsender", "next": "review"}
    )
    post.refresh_from_db()
    assert post.state == PostState.DRAFT and post.review_note == "Mangler avsender"


def test_the_writing_page_says_what_is_wrong(client, policy, admin_user, facebook_page):
    log_in(client, admin_user)
    response = client.post("/publishing/new/", {"text": "Hei", "channels": []})
    assert response.status_code == 200
    assert "Velg minst én kanal" in response.content.decode()
    assert not Post.objects.exists()


def test_staff_without_the_role_cannot_write_or_review(client, policy, make_user):
    log_in(client, make_user(Role.SERVICEKONTOR))
    assert client.get("/publishing/new/").status_code == 403
    assert client.get("/publishing/review/").status_code == 403


def test_a_malformed_step_is_a_404_not_a_500(client, policy, admin_user, facebook_page):
    post = services.post_create(actor=admin_user, text="Hei", channels=[facebook_page])
    log_in(client, admin_user)
    assert client.post(f"/publishing/posts/{post.pk}/explode/").status_code == 404
    assert client.post("/publishing/posts/999/submit/").status_code == 404
    assert client.post(f"/publishing/posts/{post.pk}/approve/").status_code == 403


def test_the_text_being_written_is_checked_against_the_guidelines(
    client, policy, admin_user, facebook_page
):
    log_in(client, admin_user)
    text = "Søknaden din om byggetillatelse er innvilget, Per Hansen."
    response = client.post("/publishing/check/", {"text": text, "channels": [facebook_page.pk]})
    html = response.content.decode()
    assert response.status_code == 200 and "P4" in html
    assert client.post("/publishing/check/", {"text": ""}).status_code == 200
