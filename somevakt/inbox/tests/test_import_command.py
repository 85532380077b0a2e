import json

import pytest
from django.core.management import CommandError, call_command

from conftest import T0
from somevakt.inbox.models import Item, ItemVersion

pytestmark = pytest.mark.django_db


def _write(path, *events):
    path.write_text("\n".join(json.dumps(event) for event in events) + "\n", encoding="utf-8")
    return path


def _event(external_id="100200300_1", **fields):
    event = {
        "platform": "facebook",
        "channel": "100200300",
        "external_id": external_id,
        "kind": "post",
        "author": {"id": "u1", "name": "Kari Nordmann"},
        "text": "Når åpner biblioteket?",
        "occurred_at": T0.isoformat(),
    }
    event.update(fields)
    return event


def test_importing_the_same_file_twice_keeps_the_item_count(main_page, tmp_path, capsys):
    path = _write(tmp_path / "items.jsonl", _event(), _event("100200300_2"))

    call_command("import", str(path))
    call_command("import", str(path))

    assert Item.objects.count() == 2
    assert "0 new items" in capsys.readouterr().out.splitlines()[-1]


def test_an_edit_in_a_later_file_gives_two_versions(main_page, tmp_path):
    call_command("import", str(_write(tmp_path / "a.jsonl", _event())))

    edited = _event(text="Når åpner biblioteket i jula?", occurred_at="2026-11-23T11:00:00+00:00")
    call_command("import", str(_write(tmp_path / "b.jsonl", edited)))

    assert ItemVersion.objects.count() == 2
    assert Item.objects.get().text == "Når åpner biblioteket i jula?"


def test_a_bad_line_refuses_the_whole_file_and_says_where(main_page, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(
        json.dumps(_event()) + "\n{not json\n" + json.dumps(_event("2", occurred_at="yesterday")),
        encoding="utf-8",
    )

    with pytest.raises(CommandError) as raised:
        call_command("import", str(path))

    message = str(raised.value)
    assert raised.value.returncode == 2
    assert f"{path}:2: not valid JSON" in message
    assert f"{path}:3: field 'occurred_at'" in message
    assert "Fix: write the time as ISO 8601 with a time zone" in message
    assert Item.objects.count() == 0


def test_each_kind_of_wrong_field_comes_with_a_fix(main_page, tmp_path):
    path = _write(
        tmp_path / "bad.jsonl",
        _event(platform="facebok"),
        _event(external_id=7),
        _event(author="Kari"),
        _event(colour="blue"),
    )

    with pytest.raises(CommandError) as raised:
        call_command("import", str(path))

    lines = str(raised.value).splitlines()
    assert len(lines) == 4
    assert all(". Fix: " in line for line in lines)
    assert "spelt exactly so" in lines[0] and "double quotes" in lines[1]
    assert "JSON object" in lines[2] and "correct its spelling or remove it" in lines[3]


def test_an_unknown_channel_is_refused_with_the_fix(db, tmp_path):
    with pytest.raises(CommandError, match="channel registry"):
        call_command("import", str(_write(tmp_path / "x.jsonl", _event())))


def test_an_unknown_channel_late_in_a_long_file_stores_nothing(main_page, tmp_path):
    known = [_event(f"100200300_{n}") for n in range(501)]  # more than one batch
    path = _write(tmp_path / "long.jsonl", *known, _event("9_1", channel="9"))

    with pytest.raises(CommandError, match="channel registry"):
        call_command("import", str(path))

    assert Item.objects.count() == 0


def test_a_missing_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import", str(tmp_path / "nope.jsonl"))


def test_channels_list_shows_the_registry(main_page, capsys):
    call_command("channels", "list")

    out = capsys.readouterr().out
    assert "main_page" in out and "100200300" in out and "1 channels" in out
