import datetime

import pytest
import time_machine
from django.core.management import call_command

from somevakt.archive.models import (
    ArchiveDecision,
    ArchiveDelivery,
    DeliveryState,
    Journalpost,
    Outcome,
    UnitKind,
)
from somevakt.archive.services import decision_confirm
from somevakt.audit.models import AuditEntry
from somevakt.audit.selectors import audit_chain_check
from somevakt.connectors.models import DeliveryState as WebhookState
from somevakt.connectors.models import RawEvent, WebhookDelivery
from somevakt.deadlines.models import QuestionClock
from somevakt.inbox.models import Author, Item, ItemVersion
from somevakt.moderation.models import CaseState, ModerationCase
from somevakt.organisation.models import Role
from somevakt.policy.models import PolicyVersion
from somevakt.privacy.models import LegalHold, RetentionRun
from somevakt.privacy.retention import months_before
from somevakt.privacy.services import legal_hold_place, retention_due, retention_enforce
from somevakt.privacy.tasks import retention_nightly
from somevakt.privacy.tests.conftest import LATELY, NOW, YEARS_AGO, items_of
from somevakt.triage.models import ItemScreening

pytestmark = pytest.mark.django_db


def test_months_before_keeps_the_day_or_takes_the_last_of_a_short_month():
    assert months_before(NOW, 6) == NOW.replace(month=6)
    assert months_before(NOW.replace(month=8, day=31), 6) == NOW.replace(month=2, day=28)
    assert months_before(NOW.replace(month=1), 13) == NOW.replace(year=2025, month=12)


def test_a_dry_run_counts_what_would_go_and_removes_nothing(conversation):
    old = conversation("Fint bilde!", "Takk for info")
    conversation("Hyggelig", at=LATELY)

    result = retention_enforce(actor=None, apply=False, now=NOW)

    assert result.counts["harmless"] == 3
    assert result.thread_ids == [old.pk]
    assert items_of(old) == 3
    assert not RetentionRun.objects.exists()


def test_an_old_harmless_conversation_goes_with_its_versions_and_screenings(conversation):
    old = conversation("Fint bilde!", "Takk for info")
    recent = conversation("Hyggelig", at=LATELY)

    result = retention_enforce(actor=None, apply=True, now=NOW)

    assert items_of(old) == 0 and items_of(recent) == 2
    assert not ItemVersion.objects.filter(item__thread=old).exists()
    assert not ItemScreening.objects.filter(item__thread=old).exists()
    assert old.archive_decision.outcome == Outcome.NOT_ARCHIVED  # the register stays
    run = RetentionRun.objects.get()
    assert run.counts["harmless"] == 3 and run.finished_at is not None
    assert result.run == run


def test_a_run_is_in_the_audit_trail_and_the_chain_still_verifies(conversation, policy):
    old = conversation("Fint bilde!")

    retention_enforce(actor=None, apply=True, now=NOW)

    entry = AuditEntry.objects.get(action="retention.remove", data__removed__harmless=2)
    assert entry.policy_sha256 == policy.sha256
    assert entry.data["conversations"] == [old.pk]
    assert audit_chain_check().intact


def test_nothing_goes_before_the_arkivar_confirmed_the_decision(conversation):
    unclassified = conversation("Fint bilde!", outcome=None)

    retention_enforce(actor=None, apply=True, now=NOW)

    assert items_of(unclassified) == 2


def test_material_archived_in_somevakt_only_stays(conversation):
    archived = conversation("Søknaden min om byggetillatelse", outcome=Outcome.ARCHIVED)

    retention_enforce(actor=None, apply=True, now=NOW)

    assert items_of(archived) == 2


def test_journaled_material_goes_only_a_month_after_the_records_systems_receipt(
    conversation, make_user, settings, tmp_path
):
    settings.SOMEVAKT_ARCHIVE_DIR = tmp_path / "archive"
    settings.SOMEVAKT_ARCHIVE_DROP_DIR = tmp_path / "drop"
    thread = conversation("Fint bilde!", outcome=None)
    decision = ArchiveDecision.objects.create(
        thread=thread,
        unit_kind=UnitKind.THREAD,
        proposed_outcome=Outcome.JOURNALED,
        outcome=Outcome.JOURNALED,
        policy_version=PolicyVersion.objects.get(),
    )
    decision_confirm(actor=make_user(Role.ARKIVAR), decision=decision)

    retention_enforce(actor=None, apply=True, now=NOW)
    assert items_of(thread) == 2  # not yet delivered

    ArchiveDelivery.objects.update(
        state=DeliveryState.DONE, done_at=NOW - datetime.timedelta(days=5)
    )
    retention_enforce(actor=None, apply=True, now=NOW)
    assert items_of(thread) == 2  # delivered, but the arkivar's month is not over

    ArchiveDelivery.objects.update(done_at=NOW - datetime.timedelta(days=31))
    result = retention_enforce(actor=None, apply=True, now=NOW)
    assert items_of(thread) == 0
    assert result.counts["archived"] == 2
    assert Journalpost.objects.get().thread == thread


def test_an_open_case_keeps_its_conversation_and_a_closed_one_lets_it_go(conversation):
    thread = conversation("Du er en idiot", at=YEARS_AGO)
    other = conversation("Dumme greier", at=YEARS_AGO)
    for item, state in (
        (thread.items.last(), CaseState.OPEN),
        (other.items.last(), CaseState.HIDDEN),
    ):
        ModerationCase.objects.update_or_create(
            item=item, defaults={"state": state, "origin": "report", "decided_at": YEARS_AGO}
        )

    result = retention_enforce(actor=None, apply=True, now=NOW)

    assert items_of(thread) == 2 and items_of(other) == 0
    assert result.counts["moderated"] == 1 and result.counts["harmless"] == 1


def test_a_legal_hold_keeps_a_conversation_and_its_release_lets_it_go(conversation):
    thread = conversation("Fint bilde!")
    hold = legal_hold_place(actor=None, reason="Politiet ba om det, sak 27/1", thread=thread)

    retention_enforce(actor=None, apply=True, now=NOW)
    assert items_of(thread) == 2

    LegalHold.objects.filter(pk=hold.pk).update(released_at=NOW)
    retention_enforce(actor=None, apply=True, now=NOW)
    assert items_of(thread) == 0


def test_a_legal_hold_on_an_author_keeps_every_conversation_they_wrote_in(conversation):
    thread = conversation("Fint bilde!", author="held")
    legal_hold_place(
        actor=None, reason="Klage", author=Author.objects.get(platform_author_id="held")
    )

    retention_enforce(actor=None, apply=True, now=NOW)

    assert items_of(thread) == 2
    assert Author.objects.filter(platform_author_id="held").exists()


def test_an_author_with_nothing_left_goes_too(conversation):
    conversation("Fint bilde!", author="gone")
    conversation("Hyggelig", author="stays", at=LATELY)

    dry = retention_enforce(actor=None, apply=False, now=NOW)
    result = retention_enforce(actor=None, apply=True, now=NOW)

    assert dry.counts["authors"] == result.counts["authors"] == 1
    assert not Author.objects.filter(platform_author_id="gone").exists()
    assert Author.objects.filter(platform_author_id="stays").exists()


def test_raw_payloads_go_a_month_after_they_were_ingested(db, policy):
    old = WebhookDelivery.objects.create(
        platform="facebook",
        body="{}",
        body_sha256="a" * 64,
        state=WebhookState.PROCESSED,
        processed_at=NOW - datetime.timedelta(days=31),
    )
    fresh = WebhookDelivery.objects.create(
        platform="facebook",
        body="{ }",
        body_sha256="b" * 64,
        state=WebhookState.PROCESSED,
        processed_at=NOW - datetime.timedelta(days=2),
    )
    for number, delivery in enumerate((old, fresh)):
        RawEvent.objects.create(
            platform="facebook",
            delivery=delivery,
            source="webhook",
            dedup_key=str(number),
            payload={},
            status="ingested",
        )
    RawEvent.objects.filter(delivery=old).update(received_at=NOW - datetime.timedelta(days=31))
    RawEvent.objects.filter(delivery=fresh).update(received_at=NOW - datetime.timedelta(days=2))

    result = retention_enforce(actor=None, apply=True, now=NOW)

    assert result.counts["raw_events"] == 1 and result.counts["webhook_deliveries"] == 1
    assert list(WebhookDelivery.objects.all()) == [fresh]


def test_the_nightly_run_is_due_once_after_run_at(policy):
    before = datetime.datetime(2027, 12, 1, 0, 30, tzinfo=datetime.UTC)  # 01:30 in Oslo
    after = datetime.datetime(2027, 12, 1, 1, 30, tzinfo=datetime.UTC)

    assert not retention_due(now=before)
    assert retention_due(now=after)
    RetentionRun.objects.create(policy_version=policy, started_at=after)
    assert not retention_due(now=after + datetime.timedelta(hours=1))


def test_the_command_shows_a_dry_run_per_class(conversation, capsys):
    conversation("Fint bilde!")

    call_command("retention", "--dry-run", "--as-of", "2027-12-01")

    out = capsys.readouterr().out
    assert "Would remove on 2027-12-01 (dry run)" in out
    assert "      2  harmless" in out
    assert Item.objects.count() == 2


def test_an_open_question_keeps_its_conversation(conversation):
    thread = conversation("Når åpner svømmehallen igjen?", at=YEARS_AGO)
    assert QuestionClock.objects.filter(thread=thread, answered_at__isnull=True).exists()

    retention_enforce(actor=None, apply=True, now=NOW)

    assert items_of(thread) == 2


def test_an_answered_question_goes_a_year_after_the_answer(conversation):
    thread = conversation("Når åpner svømmehallen igjen?", at=YEARS_AGO)
    QuestionClock.objects.filter(thread=thread).update(answered_at=YEARS_AGO)

    result = retention_enforce(actor=None, apply=True, now=NOW)

    assert items_of(thread) == 0
    assert result.counts["questions"] == 1 and result.counts["harmless"] == 1


def test_the_nightly_task_runs_once(conversation, policy):
    conversation("Fint bilde!", at=YEARS_AGO)

    with time_machine.travel(NOW):  # 04:00 in Oslo
        assert retention_nightly.call() == "authors 2, harmless 2"
        assert retention_nightly.call() == "already run tonight"
