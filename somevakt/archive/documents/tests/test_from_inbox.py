"""Units built from the database: a thread with everything in it, a deletion record (A6)."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import T0
from somevakt.archive.documents.from_inbox import unit_from_deletion, unit_from_thread
from somevakt.archive.documents.render import render_unit
from somevakt.archive.documents.tests.conftest import pdf_text
from somevakt.archive.documents.units import ArchivalUnitError, EntryKind, EntryState, UnitKind
from somevakt.inbox.models import Thread
from somevakt.inbox.services import item_ingest
from somevakt.moderation.models import DeletionRecord, ModerationCase
from somevakt.moderation.services import case_approve, case_propose_deletion
from somevakt.policy.services import policy_load
from somevakt.sources.models import ChannelMember, ChannelType, MemberRole, Platform

pytestmark = pytest.mark.django_db
MINUTE = datetime.timedelta(minutes=1)
THREAD = "100200300_1"


@pytest.fixture
def policy(db):
    return policy_load(path=settings.SOMEVAKT_DEFAULT_POLICY, actor=None)


def _comment(make_event, number, text, **fields):
    values = {
        "external_id": f"{THREAD}_{number}",
        "kind": "comment",
        "thread_external_id": THREAD,
        "parent_external_id": THREAD,
        "author": {"id": f"u{number}", "name": f"Innbygger {number}"},
        "text": text,
        "published_at": T0 + number * MINUTE,
        "occurred_at": T0 + number * MINUTE,
    }
    values.update(fields)
    return item_ingest(event=make_event(**values))


@pytest.fixture
def conversation(policy, main_page, make_event):
    """A post by the page, an edited question, the page's answer, a hidden and a deleted
    comment, on Rakkestad kommune's main page."""
    item_ingest(
        event=make_event(
            author={"id": "100200300", "name": "Rakkestad kommune"},
            text="Brøyting i vinter\nHer kommer plan for brøyting.",
        )
    )
    _comment(make_event, 1, "Når blir Storgata brøytet?")
    _comment(make_event, 1, "Når blir Storgata og Torget brøytet?", occurred_at=T0 + 5 * MINUTE)
    _comment(
        make_event,
        2,
        "Storgata brøytes før kl. 07.",
        kind="reply",
        parent_external_id=f"{THREAD}_1",
        author={"id": "100200300", "name": "Rakkestad kommune"},
        attachments=[
            {"type": "photo", "name": "kart.png", "mime_type": "image/png", "size": 999,
             "url": "https://cdn.example.org/kart.png"}
        ],
    )  # fmt: skip
    _comment(make_event, 3, "Skjult kommentar")
    _comment(make_event, 3, "", event="hide", occurred_at=T0 + 10 * MINUTE)
    _comment(make_event, 4, "Slettet av forfatteren")
    _comment(make_event, 4, "", event="delete", occurred_at=T0 + 11 * MINUTE)
    return Thread.objects.get(external_id=THREAD)


def test_a_thread_becomes_one_unit_with_every_item_and_version(conversation, policy):
    unit = unit_from_thread(thread_id=conversation.pk)
    assert unit.kind == UnitKind.THREAD
    assert unit.title == "Brøyting i vinter"
    assert unit.municipality == "Rakkestad kommune"
    assert unit.policy_version == policy.sha256
    assert unit.platform == "facebook" and unit.channel_name == "Rakkestad kommune"
    assert unit.produced_by.source == f"inbox.Thread {conversation.pk}"
    refs = [(e.ref, e.depth, e.parent_ref) for e in unit.entries]
    assert refs == [
        (THREAD, 0, ""),
        (f"{THREAD}_1", 1, THREAD),
        (f"{THREAD}_2", 2, f"{THREAD}_1"),
        (f"{THREAD}_3", 1, THREAD),
        (f"{THREAD}_4", 1, THREAD),
    ]
    post, question, answer, hidden, deleted = unit.entries
    assert post.by_municipality and answer.by_municipality and not question.by_municipality
    assert [v.text for v in question.versions] == [
        "Når blir Storgata brøytet?",
        "Når blir Storgata og Torget brøytet?",
    ]
    assert question.versions[1].written_at == T0 + 5 * MINUTE
    assert answer.kind == EntryKind.REPLY
    (attachment,) = answer.current.attachments
    assert (attachment.type, attachment.name, attachment.size) == ("photo", "kart.png", 999)
    assert hidden.state == EntryState.HIDDEN and hidden.current.text == "Skjult kommentar"
    assert deleted.state == EntryState.DELETED
    assert deleted.state_at == T0 + 11 * MINUTE
    assert deleted.current.text == "Slettet av forfatteren"  # the content is kept


def test_the_whole_thread_renders_with_every_version(conversation):
    text = pdf_text(render_unit(unit_from_thread(thread_id=conversation.pk)).pdf.content)
    for line in (
        "Når blir Storgata brøytet?",
        "Når blir Storgata og Torget brøytet?",
        "Storgata brøytes før kl. 07.",
        "Skjult kommentar",
        "Slettet av forfatteren",
        "kart.png",
    ):
        assert line in text


def test_the_kind_follows_the_channel_or_the_classification(policy, make_channel, make_event):
    meeting = make_channel(ChannelType.NET_MEETING, Platform.NET_MEETING, external_id="nm1")
    blog = make_channel(ChannelType.BLOG, Platform.WORDPRESS, external_id="blog1")
    ids = {}
    for channel in (meeting, blog):
        result = item_ingest(
            event=make_event(
                platform=channel.platform,
                channel=channel.external_id,
                external_id=f"{channel.external_id}_1",
                text="Spørsmål",
            )
        )
        ids[channel.channel_type] = Thread.objects.get(items__pk=result.item_id).pk
    assert unit_from_thread(thread_id=ids["net_meeting"]).kind == UnitKind.NET_MEETING  # A3
    assert unit_from_thread(thread_id=ids["blog"]).kind == UnitKind.BLOG_POST  # A4
    inquiry = unit_from_thread(thread_id=ids["blog"], kind=UnitKind.INQUIRY)  # A1, decided
    assert inquiry.kind == UnitKind.INQUIRY


def test_an_employee_member_writes_for_the_municipality_while_a_member(conversation, main_page):
    member = ChannelMember.objects.create(
        channel=main_page, role=MemberRole.ADMIN, person_name="Ola Ansatt",
        platform_person_id="u1", is_employee=True, since=datetime.date(2026, 1, 1),
    )  # fmt: skip
    assert unit_from_thread(thread_id=conversation.pk).entries[1].by_municipality
    member.until = datetime.date(2026, 6, 30)  # left before the question was written
    member.save()
    assert not unit_from_thread(thread_id=conversation.pk).entries[1].by_municipality
    member.is_employee = False
    member.until = None
    member.save()
    assert not unit_from_thread(thread_id=conversation.pk).entries[1].by_municipality


def test_building_reads_only_in_a_constant_number_of_queries(conversation, make_event):
    with CaptureQueriesContext(connection) as small:
        unit_from_thread(thread_id=conversation.pk)
    for number in range(10, 60):
        _comment(make_event, number, f"Kommentar {number}")
    with CaptureQueriesContext(connection) as large:
        unit = unit_from_thread(thread_id=conversation.pk)
    assert len(unit.entries) == 55
    assert len(large.captured_queries) == len(small.captured_queries)
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in large.captured_queries)


def test_unknown_or_empty_threads_are_clear_errors(main_page, policy):
    with pytest.raises(ArchivalUnitError, match="There is no thread 999999"):
        unit_from_thread(thread_id=999999)
    empty = Thread.objects.create(
        platform="facebook", external_id="empty", channel=main_page,
        started_at=T0, last_activity_at=T0,
    )  # fmt: skip
    with pytest.raises(ArchivalUnitError, match="has no items yet"):
        unit_from_thread(thread_id=empty.pk)


@pytest.fixture
def deletion_record(policy, main_page, make_event, admin_user, informasjonsansvarlig):
    result = item_ingest(
        event=make_event(
            external_id=f"{THREAD}_9",
            kind="comment",
            parent_external_id=THREAD,
            thread_external_id=THREAD,
            author={"id": "troll1", "name": "Trond Troll"},
            text="Du er en idiot, ordfører.",
        )
    )
    case = ModerationCase.objects.get(item_id=result.item_id)
    case_propose_deletion(
        actor=admin_user, case=case, rules=["D5"], reason="kaller ordføreren idiot"
    )
    case_approve(actor=informasjonsansvarlig, case=case)
    return DeletionRecord.objects.get(case=case)


def test_a_deletion_record_becomes_a_unit_with_content_decision_and_feedback(
    deletion_record, policy
):
    unit = unit_from_deletion(record_id=deletion_record.pk)
    assert unit.kind == UnitKind.DELETION
    assert unit.policy_version == deletion_record.policy_sha256 == policy.sha256
    deleted, feedback = unit.entries
    assert deleted.state == EntryState.DELETED
    assert deleted.current.text == "Du er en idiot, ordfører."
    assert deleted.author_name == "Trond Troll" and deleted.ref == f"{THREAD}_9"
    assert feedback.kind == EntryKind.FEEDBACK and feedback.by_municipality
    assert feedback.current.text == deletion_record.feedback_text
    assert unit.deletion.rules == ("D5",)
    assert unit.deletion.reason == "kaller ordføreren idiot"
    assert (unit.deletion.proposed_by, unit.deletion.approved_by) == ("arne", "ingrid")
    assert unit.deletion.feedback_text == deletion_record.feedback_text
    rendered = render_unit(unit)
    text = pdf_text(rendered.pdf.content)
    assert "Du er en idiot, ordfører." in text and "D5" in text


def test_an_unknown_deletion_record_is_a_clear_error(db):
    with pytest.raises(ArchivalUnitError, match="There is no deletion record 424242"):
        unit_from_deletion(record_id=424242)
