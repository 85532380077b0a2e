import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from somevakt.audit.models import AuditEntry
from somevakt.inbox.imports import FileFormat, ImportFileError
from somevakt.inbox.models import Item, ItemVersion
from somevakt.inbox.services import file_import
from somevakt.organisation.models import Role
from somevakt.sources.models import ChannelMember, ChannelType, Platform

pytestmark = pytest.mark.django_db

CSV = """question,asker,time,answer,answerer
Når åpner svømmehallen igjen?,Kari,2026-11-23 19:05,I mars.,Ordfører Hansen
"Hvorfor er det ikke brøytet i Storgata, og når kommer brøytebilen?",Ola,23.11.2026 19:07,,
Kan dere svare på e-post?,Kari,2026-11-23 19:10,Ja.,Informasjonsenheten
"""


@pytest.fixture
def meeting_channel(make_channel):
    return make_channel(
        ChannelType.NET_MEETING,
        Platform.NET_MEETING,
        external_id="nettmote",
        slug="nettmote",
        name="Nettmøte med ordføreren",
    )


@pytest.fixture
def group(make_channel):
    return make_channel(
        ChannelType.CLOSED_GROUP, Platform.FACEBOOK, external_id="555000", slug="foreldre"
    )


def _import(channel, data, file_format=FileFormat.NET_MEETING_CSV, actor=None, **extra):
    extra.setdefault("meeting", "budsjett-2026")
    return file_import(
        actor=actor,
        channel=channel,
        file_format=file_format,
        data=data.encode() if isinstance(data, str) else data,
        file_name="moete.csv",
        **extra,
    )


def test_a_transcript_is_one_thread_with_every_question_answered_or_not(meeting_channel):
    summary = _import(meeting_channel, CSV, title="Budsjettmøte 2026")

    meeting = Item.objects.get(kind="post")
    questions = Item.objects.filter(kind="comment").order_by("published_at")
    answers = Item.objects.filter(kind="reply")
    assert (meeting.text, meeting.thread.external_id) == (
        "Budsjettmøte 2026",
        summary.thread_external_id,
    )
    assert [q.text for q in questions] == [
        "Når åpner svømmehallen igjen?",
        "Hvorfor er det ikke brøytet i Storgata, og når kommer brøytebilen?",
        "Kan dere svare på e-post?",
    ]
    assert {a.parent.text: a.text for a in answers} == {
        "Når åpner svømmehallen igjen?": "I mars.",
        "Kan dere svare på e-post?": "Ja.",
    }
    assert {i.thread_id for i in Item.objects.all()} == {meeting.thread_id}
    assert questions[1].published_at.isoformat() == "2026-11-23T18:07:00+00:00"  # Oslo time
    assert summary.items_created == 6


def test_importing_the_transcript_again_changes_nothing(meeting_channel):
    _import(meeting_channel, CSV)

    again = _import(meeting_channel, CSV)

    assert (again.items_created, again.versions_added) == (0, 0)
    assert Item.objects.count() == 6


def test_a_corrected_question_becomes_a_new_version(meeting_channel):
    _import(meeting_channel, CSV)

    _import(meeting_channel, CSV.replace("svømmehallen igjen", "svømmehallen"))

    changed = Item.objects.get(text="Når åpner svømmehallen?")
    assert changed.version_count == 2 and ItemVersion.objects.count() == 7


def test_an_answerer_registered_on_the_channel_answers_as_themselves(meeting_channel):
    ChannelMember.objects.create(
        channel=meeting_channel,
        role="admin",
        person_name="Ordfører Hansen",
        platform_person_id="hansen-1",
        is_employee=True,
        since="2026-01-01",
    )

    _import(meeting_channel, CSV)

    answers = {a.text: a.author.platform_author_id for a in Item.objects.filter(kind="reply")}
    assert answers == {"I mars.": "hansen-1", "Ja.": "nettmote"}


def test_the_json_transcript_gives_the_same_items(meeting_channel):
    rows = [
        {
            "question": "Når?",
            "asker": "Kari",
            "time": "2026-11-23T19:05:00+01:00",
            "answer": "Nå.",
            "answerer": "Ordføreren",
            "answered_at": "2026-11-23T19:20:00+01:00",
        },
        {
            "question": "Hvor?",
            "asker": "",
            "time": "2026-11-23T19:06:00+01:00",
            "answer": "",
            "answerer": "",
        },
    ]

    _import(meeting_channel, json.dumps({"questions": rows}), FileFormat.NET_MEETING_JSON)

    answer = Item.objects.get(kind="reply")
    assert answer.published_at.isoformat() == "2026-11-23T18:20:00+00:00"
    assert Item.objects.get(text="Hvor?").author is None


def test_semicolons_and_a_byte_order_mark_from_spreadsheets_are_read(meeting_channel):
    data = "\ufeff" + CSV.replace(",", ";").replace("Storgata; og", "Storgata, og")

    _import(meeting_channel, data.encode("utf-8"))

    assert Item.objects.filter(kind="comment").count() == 3


def test_bad_rows_are_all_named_and_nothing_is_imported(meeting_channel):
    bad = CSV + "Hei?,Per,i går,,\n,Per,2026-11-23 20:00,,\nNoe,Per,2026-11-23 20:01,,Ordføreren\n"

    with pytest.raises(ImportFileError) as refused:
        _import(meeting_channel, bad)

    assert refused.value.problems == [
        "moete.csv:row 5: column 'time': 'i går' is not a time; write e.g. "
        "2026-11-23 19:05 or 23.11.2026 19:05",
        "moete.csv:row 6: column 'question' is empty; write the question asked",
        "moete.csv:row 7: an answerer without an answer; write the answer or clear 'answerer'",
    ]
    assert Item.objects.count() == 0


def test_a_header_without_the_columns_says_which_are_missing(meeting_channel):
    with pytest.raises(ImportFileError, match="row 1: the header lacks time, answerer"):
        _import(meeting_channel, "question,asker,tid,answer\nHei,Kari,2026-11-23 19:00,\n")


def test_a_transcript_goes_only_into_a_net_meeting_channel(group):
    with pytest.raises(ImportFileError, match="type net meeting"):
        _import(group, CSV)


def test_not_utf8_is_refused_with_how_to_fix(meeting_channel):
    with pytest.raises(ImportFileError, match="save the file as UTF-8"):
        _import(meeting_channel, CSV.encode("latin-1"))


GROUP = [
    {
        "id": "555000_1",
        "created_time": "2026-11-20T08:00:00+01:00",
        "from": {"id": "777", "name": "Styrer Anne"},
        "message": "Planleggingsdag fredag.",
    },
    {
        "id": "555000_1_9",
        "post_id": "555000_1",
        "created_time": "2026-11-20T08:30:00+01:00",
        "from": {"id": "778", "name": "Forelder"},
        "message": "Gjelder det SFO også?",
    },
    {
        "id": "555000_1_10",
        "post_id": "555000_1",
        "parent_id": "555000_1_9",
        "created_time": "2026-11-20T09:00:00+01:00",
        "from": {"id": "777", "name": "Styrer Anne"},
        "message": "Ja.",
        "attachments": [{"type": "photo", "url": "https://example.org/a.jpg"}],
    },
    {
        "id": "555000_1_11",
        "post_id": "555000_1",
        "created_time": "2026-11-20T09:10:00+01:00",
        "message": "Borte",
        "deleted": True,
    },
]


def _lines(rows):
    return "\n".join(json.dumps(row) for row in rows) + "\n"


def test_group_posts_become_a_thread_of_post_comment_and_reply(group):
    _import(group, _lines(GROUP), FileFormat.GROUP_POSTS)

    kinds = dict(Item.objects.values_list("external_id", "kind"))
    assert kinds == {
        "555000_1": "post",
        "555000_1_9": "comment",
        "555000_1_10": "reply",
        "555000_1_11": "comment",
    }
    reply = Item.objects.get(external_id="555000_1_10")
    assert reply.parent.external_id == "555000_1_9" and reply.attachments[0]["type"] == "photo"
    assert Item.objects.get(external_id="555000_1_11").is_deleted_on_platform


def test_bad_group_lines_are_named_by_line_and_field(group):
    rows = [GROUP[0], {**GROUP[1], "created_time": "2026-11-20T08:30:00"}, {"id": "x", "text": "?"}]
    data = _lines(rows) + "{not json\n"

    with pytest.raises(ImportFileError) as refused:
        _import(group, data, FileFormat.GROUP_POSTS)

    text = str(refused.value)
    assert "moete.csv:2: field 'created_time'" in text
    assert "moete.csv:3: field 'created_time': Field required" in text
    assert "moete.csv:3: field 'text': Extra inputs are not permitted" in text
    assert "moete.csv:4: not valid JSON" in text
    assert Item.objects.count() == 0


def test_group_posts_go_only_into_a_group(meeting_channel):
    with pytest.raises(ImportFileError, match="closed or secret Facebook group"):
        _import(meeting_channel, _lines(GROUP), FileFormat.GROUP_POSTS)


def test_an_admin_outside_a_secret_group_may_not_import_into_it(make_channel, make_user):
    secret = make_channel(ChannelType.SECRET_GROUP, Platform.FACEBOOK, external_id="999")
    admin = make_user(Role.ADMIN)

    with pytest.raises(PermissionDenied):
        _import(secret, _lines(GROUP), FileFormat.GROUP_POSTS, actor=admin)


def test_a_service_desk_user_may_not_import(meeting_channel, make_user):
    with pytest.raises(PermissionDenied):
        _import(meeting_channel, CSV, actor=make_user(Role.SERVICEKONTOR))


def test_an_import_is_recorded_in_the_audit_trail(meeting_channel, informasjonsansvarlig):
    _import(meeting_channel, CSV, actor=informasjonsansvarlig)

    entry = AuditEntry.objects.get(action="inbox.file_imported")
    assert entry.data["items_created"] == 6


def test_the_command_imports_a_transcript_and_reports_bad_rows(meeting_channel, tmp_path, capsys):
    good = tmp_path / "moete.csv"
    good.write_text(CSV, encoding="utf-8")
    bad = tmp_path / "feil.csv"
    bad.write_text(CSV + "Hei?,Per,i går,,\n", encoding="utf-8")

    call_command(
        "import",
        str(good),
        "--format",
        "net-meeting",
        "--channel",
        "nettmote",
        "--meeting",
        "budsjett-2026",
    )
    with pytest.raises(CommandError, match="feil.csv:row 5: column 'time'"):
        call_command(
            "import",
            str(bad),
            "--format",
            "net-meeting",
            "--channel",
            "nettmote",
            "--meeting",
            "budsjett-2026",
        )

    assert "6 new items" in capsys.readouterr().out
    assert Item.objects.count() == 6


def test_the_command_imports_group_posts(group, tmp_path):
    path = tmp_path / "gruppe.jsonl"
    path.write_text(_lines(GROUP), encoding="utf-8")

    call_command("import", str(path), "--format", "group-posts", "--channel", "foreldre")

    assert Item.objects.count() == 4


def test_the_command_names_a_missing_channel(tmp_path):
    path = tmp_path / "gruppe.jsonl"
    path.write_text(_lines(GROUP), encoding="utf-8")

    with pytest.raises(CommandError, match="no channel 'finnes-ikke'"):
        call_command("import", str(path), "--format", "group-posts", "--channel", "finnes-ikke")


def test_a_json_question_without_asker_or_answer_is_an_anonymous_unanswered_question(
    meeting_channel,
):
    data = json.dumps([{"question": "Når kommer brøytebilen?", "time": "2026-11-23 19:05"}])

    _import(meeting_channel, data, FileFormat.NET_MEETING_JSON)

    question = Item.objects.get(kind="comment")
    assert (question.text, question.author) == ("Når kommer brøytebilen?", None)
    assert not Item.objects.filter(kind="reply").exists()


def test_a_transcript_with_old_mac_line_ends_is_read(meeting_channel):
    _import(meeting_channel, CSV.replace("\n", "\r"))

    assert Item.objects.filter(kind="comment").count() == 3


def test_a_cell_too_large_for_csv_is_refused_naming_the_row(meeting_channel):
    data = CSV + f"{'x' * 200_000},Kari,2026-11-23 19:20,,\n"

    with pytest.raises(ImportFileError) as refused:
        _import(meeting_channel, data)

    assert refused.value.problems[0].startswith("moete.csv:row 5: not readable as CSV")
    assert not Item.objects.exists()


def test_an_answerer_name_longer_than_300_characters_is_refused_naming_the_row(
    meeting_channel,
):
    data = json.dumps(
        [
            {
                "question": "Hvorfor?",
                "time": "2026-11-23 19:05",
                "answer": "Fordi.",
                "answerer": "A" * 301,
            }
        ]
    )

    with pytest.raises(ImportFileError) as refused:
        _import(meeting_channel, data, FileFormat.NET_MEETING_JSON)

    assert refused.value.problems == [
        "moete.csv: question [0]: column 'answerer': a name longer than 300 characters"
    ]
