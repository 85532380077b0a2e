import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from somevakt.organisation.models import Role
from somevakt.policy.loader import PolicyError, load_policy_file
from somevakt.policy.models import PolicyVersion
from somevakt.policy.rules import RULE_IDS
from somevakt.policy.selectors import PolicyNotLoaded, policy_in_force
from somevakt.policy.services import policy_load

DEFAULT = Path(settings.SOMEVAKT_DEFAULT_POLICY)


def _broken(tmp_path, old: str, new: str) -> Path:
    text = DEFAULT.read_text(encoding="utf-8")
    assert re.search(old, text, flags=re.M), old
    path = tmp_path / "broken.toml"
    path.write_text(re.sub(old, new, text, count=1, flags=re.M), encoding="utf-8")
    return path


def test_the_default_policy_encodes_every_rule_of_the_catalogue():
    policy = load_policy_file(DEFAULT).policy

    assert list(policy.rules) == list(RULE_IDS)
    assert len(RULE_IDS) == 39
    assert policy.rule("D7").text == "Innlegg skal skrives på skandinavisk eller engelsk."
    assert policy.working_time.office_hours.start == "09:00"
    assert policy.deadline_for("local_page").kind == "end_of_next_working_day"
    assert policy.deadline_for("main_page").minutes == 360
    assert policy.archive_rule_for("x_account") == "not_archived"
    assert policy.immediate_hide_rules >= {"D2", "D3", "D6", "G1"}


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            r'end = "15:00"',
            'end = "25:00"',
            "key 'working_time.office_hours.end': '25:00' is not a time of day; write HH:MM",
        ),
        (
            r"^strike_threshold = 3",
            "strike_threshold = 3\nstrike_colour = 1",
            "key 'moderation.strike_colour': unknown key; remove it or correct its spelling",
        ),
        (r"^\[rules.D5\]", "[rules.D99]", "unknown rule id(s) D99"),
        (r"^\[rules.K1\]", "[rules.K1x]", "missing rule(s) K1"),
        (
            r"^strike_threshold = 3",
            'strike_threshold = "tre"',
            "key 'moderation.strike_threshold': Input should be a valid integer",
        ),
        (r"^strike_window_days = 90\n", "", "key 'moderation.strike_window_days': missing; add it"),
        (
            r"^blog = \"one_document\"",
            'blog = "shred"',
            "key 'archive.blog': Input should be 'classify', 'one_document' or 'not_archived'",
        ),
        (r"^\[working_time\].*", "[working_time", "not valid TOML"),
    ],
)
def test_a_broken_policy_is_refused_naming_file_key_and_fix(tmp_path, old, new, expected):
    path = _broken(tmp_path, old, new)

    with pytest.raises(PolicyError) as raised:
        load_policy_file(path)

    assert str(path) in str(raised.value)
    assert expected in str(raised.value)


def test_every_problem_is_reported_not_only_the_first(tmp_path):
    path = _broken(tmp_path, r'end = "15:00"', 'end = "25:00"')
    text = path.read_text(encoding="utf-8").replace("strike_threshold = 3", "strike_threshold = 0")
    path.write_text(text, encoding="utf-8")

    with pytest.raises(PolicyError) as raised:
        load_policy_file(path)

    assert len(str(raised.value).splitlines()) == 2


@pytest.mark.django_db
def test_policy_check_exits_with_code_2_and_stores_nothing(tmp_path):
    path = _broken(tmp_path, r'end = "15:00"', 'end = "25:00"')

    with pytest.raises(CommandError) as raised:
        call_command("policy", "check", str(path))
    with pytest.raises(CommandError):
        call_command("policy", "load", str(path))

    assert raised.value.returncode == 2
    assert PolicyVersion.objects.count() == 0


@pytest.mark.django_db
def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("policy", "check", str(tmp_path / "none.toml"))


@pytest.mark.django_db
def test_loading_the_same_policy_twice_keeps_one_version():
    first = policy_load(path=DEFAULT, actor=None)
    second = policy_load(path=DEFAULT, actor=None)

    assert first == second
    assert PolicyVersion.objects.count() == 1
    assert policy_in_force() == first


@pytest.mark.django_db
def test_a_changed_policy_becomes_a_new_version_in_force(tmp_path):
    first = policy_load(path=DEFAULT, actor=None)
    changed = _broken(tmp_path, r"^strike_threshold = 3", "strike_threshold = 4")

    second = policy_load(path=changed, actor=None)

    assert second != first and len(second.sha256) == 64
    assert policy_in_force() == second
    assert policy_in_force().policy.moderation.strike_threshold == 4
    assert policy_load(path=DEFAULT, actor=None) == first
    assert policy_in_force() == first


@pytest.mark.django_db
def test_only_the_informasjonsansvarlig_loads_a_policy(make_user, informasjonsansvarlig):
    with pytest.raises(PermissionDenied):
        policy_load(path=DEFAULT, actor=make_user(Role.ADMIN))

    assert policy_load(path=DEFAULT, actor=informasjonsansvarlig).loaded_by == informasjonsansvarlig


@pytest.mark.django_db
def test_without_a_policy_the_error_says_how_to_load_one():
    with pytest.raises(PolicyNotLoaded, match="policy load"):
        policy_in_force()


@pytest.mark.django_db
def test_policy_show_lists_every_rule(capsys):
    call_command("policy", "load")
    call_command("policy", "show")

    out = capsys.readouterr().out
    assert all(f"  {rule_id:4} " in out for rule_id in RULE_IDS)
