import datetime

import pytest

from conftest import T0
from somevakt.inbox.models import Item
from somevakt.inbox.services import item_ingest, items_ingest
from somevakt.policy.services import policy_load
from somevakt.triage.models import Finding, ItemScreening, Severity
from somevakt.triage.services import items_rescreen

pytestmark = pytest.mark.django_db

LATER = T0 + datetime.timedelta(minutes=5)


@pytest.fixture
def policy(settings):
    return policy_load(path=settings.SOMEVAKT_DEFAULT_POLICY, actor=None)


def test_a_new_item_is_screened_under_the_policy_in_force(policy, main_page, make_event):
    item_ingest(event=make_event(text="Du er en jævla idiot, ordfører!"))

    screening = ItemScreening.objects.get()
    assert screening.policy_version == policy
    assert screening.is_current and screening.needs_moderation
    assert set(screening.rules) == {"D2", "D5"}
    attack = screening.findings.get(rule="D5")
    assert attack.words == "idiot"
    assert attack.severity == Severity.REVIEW
    assert "D5" in attack.reason


def test_a_harmless_question_is_left_alone_but_starts_the_clock(policy, main_page, make_event):
    item_ingest(event=make_event(text="Når åpner svømmehallen igjen etter jul?"))

    screening = ItemScreening.objects.get()
    assert screening.is_question
    assert not screening.needs_moderation
    assert not Finding.objects.exists()


def test_an_edit_is_screened_and_its_screening_becomes_current(policy, main_page, make_event):
    item_ingest(event=make_event(text="Takk for brøytingen!"))

    item_ingest(event=make_event(text="Takk for ingenting, faen.", occurred_at=LATER))

    item = Item.objects.get()
    screenings = item.screenings.order_by("version__platform_time")
    assert [s.is_current for s in screenings] == [False, True]
    assert screenings[1].rules == ["D2"]


def test_an_older_edit_arriving_late_is_screened_without_replacing_the_current(
    policy, main_page, make_event
):
    item_ingest(event=make_event(text="Nyeste tekst.", occurred_at=LATER))

    item_ingest(event=make_event(text="Eldre tekst med faen.", occurred_at=T0))

    current = ItemScreening.objects.get(is_current=True)
    assert current.version.text == "Nyeste tekst."
    assert ItemScreening.objects.count() == 2


def test_replaying_an_event_does_not_screen_it_again(policy, main_page, make_event):
    event = make_event()

    items_ingest(events=[event, event, event])
    item_ingest(event=event)

    assert ItemScreening.objects.count() == 1


def test_a_case_processing_finding_carries_the_policys_reply(policy, main_page, make_event):
    item_ingest(event=make_event(text="Når får jeg svar på byggesøknaden min? Saksnr 26/1234"))

    screening = ItemScreening.objects.get()
    assert screening.needs_case_processing
    assert screening.suggested_reply == policy.policy.replies.case_processing.strip()


def test_a_sensitive_post_in_a_closed_group_is_hide_now(policy, make_channel, make_event):
    make_channel("closed_group", external_id="555", name="Foreldre på Os barnehage")

    item_ingest(event=make_event(channel="555", external_id="555_1", text="Emma er syk med feber"))

    screening = ItemScreening.objects.get()
    assert screening.rules == ["G1"]
    assert screening.severity == Severity.HIDE_NOW
    assert screening.suggested_reply == policy.policy.replies.sensitive_post.strip()


def test_items_are_screened_again_under_a_new_policy_version(
    policy, main_page, make_event, tmp_path, settings
):
    item_ingest(event=make_event(text="Takk for hjelpen!"))
    changed = tmp_path / "changed.toml"
    changed.write_text(
        settings.SOMEVAKT_DEFAULT_POLICY.read_text(encoding="utf-8").replace(
            'name = "Rakkestad kommune og sosiale medier"', 'name = "Ny versjon"', 1
        ),
        encoding="utf-8",
    )
    new_policy = policy_load(path=changed, actor=None)

    assert items_rescreen(actor=None) == 1
    assert items_rescreen(actor=None) == 0
    assert ItemScreening.objects.get(is_current=True).policy_version == new_policy


def test_only_the_informasjonsansvarlig_may_rescreen(admin_user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        items_rescreen(actor=admin_user)
