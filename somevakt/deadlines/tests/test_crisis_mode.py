"""Crisis mode (K1): around-the-clock deadlines, crisis questions first, audited switch."""

import pytest
from django.core.exceptions import PermissionDenied

from conftest import oslo
from somevakt.audit.models import AuditEntry
from somevakt.audit.selectors import audit_chain_check
from somevakt.deadlines.models import CrisisPeriod, QuestionClock
from somevakt.deadlines.selectors import open_questions
from somevakt.deadlines.services import crisis_end, crisis_start

pytestmark = pytest.mark.django_db


def test_crisis_mode_moves_waiting_questions_up_and_runs_around_the_clock(
    ask, main_page, informasjonsansvarlig
):
    ask("q1", oslo(2026, 11, 27, 14, 0))  # Friday: due Monday 14:00
    crisis_start(
        actor=informasjonsansvarlig,
        channels=[main_page],
        reason="Flom i Rakkestad sentrum",
        now=oslo(2026, 11, 27, 20, 0),
    )
    waiting = QuestionClock.objects.get()
    assert (waiting.due_at, waiting.rule, waiting.is_crisis) == (
        oslo(2026, 11, 27, 21, 0),
        "K1",
        True,
    )

    ask("q2", oslo(2026, 11, 28, 23, 30), text="Er drikkevannet trygt?")  # Saturday night
    assert QuestionClock.objects.get(item__external_id="q2").due_at == oslo(2026, 11, 29, 0, 30)


def test_the_switch_on_and_off_is_audited_with_its_reason(main_page, informasjonsansvarlig, policy):
    crisis_start(actor=informasjonsansvarlig, channels=[main_page], reason="Flom")
    crisis_end(actor=informasjonsansvarlig, channels=[main_page], reason="Vannet har sunket")
    entries = list(AuditEntry.objects.filter(action__startswith="deadlines.crisis"))
    assert [(e.action, e.reason, e.actor) for e in entries] == [
        ("deadlines.crisis_started", "Flom", informasjonsansvarlig),
        ("deadlines.crisis_ended", "Vannet har sunket", informasjonsansvarlig),
    ]
    assert entries[0].data["answer_minutes"] == 60
    assert audit_chain_check().intact
    assert CrisisPeriod.objects.get().ended_at is not None


def test_after_the_crisis_new_questions_run_on_the_usual_clock(
    ask, main_page, informasjonsansvarlig
):
    crisis_start(actor=informasjonsansvarlig, channels=[main_page], reason="Flom",
                 now=oslo(2026, 11, 27, 8, 0))  # fmt: skip
    crisis_end(actor=informasjonsansvarlig, channels=[main_page], reason="Over",
               now=oslo(2026, 11, 27, 12, 0))  # fmt: skip
    ask("q1", oslo(2026, 11, 27, 11, 0))
    ask("q2", oslo(2026, 11, 27, 13, 0), text="Når åpner biblioteket igjen?")
    rules = dict(QuestionClock.objects.values_list("item__external_id", "rule"))
    assert rules == {"q1": "K1", "q2": "O5"}


def test_crisis_questions_come_first_in_the_queue(ask, main_page, make_channel,
                                                  informasjonsansvarlig):  # fmt: skip
    from somevakt.sources.models import ChannelType

    make_channel(ChannelType.LOCAL_PAGE, external_id="777")
    ask("early", oslo(2026, 11, 23, 9, 0), channel="777", text="Når åpner kinoen?")
    crisis_start(actor=informasjonsansvarlig, channels=[main_page], reason="Flom",
                 now=oslo(2026, 11, 23, 9, 30))  # fmt: skip
    ask("crisis", oslo(2026, 11, 23, 10, 0), text="Er veien til Os stengt?")
    queue = [c.item.external_id for c in open_questions(actor=informasjonsansvarlig)]
    assert queue == ["crisis", "early"]


def test_only_the_informasjonsansvarlig_switches_crisis_mode_and_only_with_a_reason(
    main_page, admin_user, informasjonsansvarlig, policy
):
    with pytest.raises(PermissionDenied):
        crisis_start(actor=admin_user, channels=[main_page], reason="Flom")
    with pytest.raises(ValueError, match="needs a reason. Fix: write why"):
        crisis_start(actor=informasjonsansvarlig, channels=[main_page], reason="  ")
    assert not CrisisPeriod.objects.exists()


def test_a_channel_already_in_crisis_mode_gets_no_second_period(
    policy, informasjonsansvarlig, main_page
):
    first = crisis_start(actor=informasjonsansvarlig, channels=[main_page], reason="Flom")
    again = crisis_start(actor=informasjonsansvarlig, channels=[main_page], reason="Flom")
    assert len(first) == 1 and again == []
    assert CrisisPeriod.objects.filter(channel=main_page, ended_at__isnull=True).count() == 1
