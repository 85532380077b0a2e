"""Whatever file is imported, it is imported whole, or refused with every bad row named
(file and row, line or question) and nothing stored: never another exception.

The files are the documented examples with parts changed, rows of odd cells, and any
bytes; HYPOTHESIS_PROFILE=fuzz runs many more of them.
"""

import csv
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from somevakt.audit.models import AuditEntry
from somevakt.core.tests.strategies import json_values, mutated, odd_text
from somevakt.inbox.imports import NET_MEETING_COLUMNS, FileFormat, ImportFileError
from somevakt.inbox.models import Item, ItemVersion
from somevakt.inbox.services import file_import
from somevakt.inbox.tests.test_file_imports import GROUP
from somevakt.organisation.models import Role
from somevakt.sources.models import ChannelType, Platform

pytestmark = pytest.mark.django_db

NAME = "fil.dat"
QUESTIONS = [
    {
        "question": "Når åpner svømmehallen igjen?",
        "asker": "Kari",
        "time": "2026-11-23 19:05",
        "answer": "I mars.",
        "answerer": "Ordfører Hansen",
    },
    {"question": "Og biblioteket?", "asker": "Ola", "time": "23.11.2026 19:07"},
]
cells = odd_text | st.sampled_from(
    ["2026-11-23 19:05", "23.11.2026 kl. 19.05", "31.02.2026 10:00", "9999-12-31 23:59", '"', ";"]
)


def _csv(rows: list[list[str]], delimiter: str) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue()


csv_files = st.builds(
    lambda header, rows, delimiter: _csv([header, *rows], delimiter),
    st.permutations(NET_MEETING_COLUMNS).map(list)
    | st.lists(st.sampled_from([*NET_MEETING_COLUMNS, "answered_at", "x"]) | odd_text),
    st.lists(st.lists(cells, min_size=4, max_size=7), max_size=5),
    st.sampled_from([",", ";", "\t"]),
) | st.text(max_size=300)
json_files = (mutated(QUESTIONS) | mutated({"questions": QUESTIONS}) | json_values).map(json.dumps)
group_files = st.lists(
    (mutated(GROUP[0]) | mutated(GROUP[2]) | json_values).map(json.dumps) | odd_text, max_size=5
).map("\n".join)
files = {
    FileFormat.NET_MEETING_CSV: csv_files,
    FileFormat.NET_MEETING_JSON: json_files,
    FileFormat.GROUP_POSTS: group_files,
}


@pytest.fixture
def actor(make_user):
    return make_user(Role.INFORMASJONSANSVARLIG)


@pytest.fixture
def channels(make_channel):
    return {
        FileFormat.NET_MEETING_CSV: make_channel(
            ChannelType.NET_MEETING, Platform.NET_MEETING, external_id="nettmote", slug="nettmote"
        ),
        FileFormat.GROUP_POSTS: make_channel(
            ChannelType.CLOSED_GROUP, Platform.FACEBOOK, external_id="555000", slug="foreldre"
        ),
    }


def _stored() -> tuple[int, int, int]:
    return Item.objects.count(), ItemVersion.objects.count(), AuditEntry.objects.count()


@pytest.mark.parametrize("file_format", list(FileFormat), ids=str)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_a_file_is_imported_whole_or_refused_naming_each_bad_row(
    file_format, data, channels, actor
):
    channel = channels.get(file_format, channels[FileFormat.NET_MEETING_CSV])
    text = data.draw(files[file_format])
    raw = data.draw(st.just(text.encode("utf-8", "surrogatepass")) | st.binary(max_size=60))
    before = _stored()

    try:
        file_import(
            actor=actor,
            channel=channel,
            file_format=file_format,
            data=raw,
            file_name=NAME,
            meeting="budsjett-2026",
        )
    except ImportFileError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.startswith((f"{NAME}:", "the transcript has no", "… and ")), problem
        assert _stored() == before  # nothing half-written
