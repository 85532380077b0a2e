import pytest
from django.core.management import CommandError, call_command

from somevakt.policy.loader import PolicyError, load_policy_file
from somevakt.policy.models import PolicyVersion
from somevakt.policy.selectors import PolicyNotLoaded, policy_in_force
from somevakt.policy.services import policy_load
from somevakt.policy.tests.broken import DEFAULT_POLICY, MISTAKES, write_policy


@pytest.mark.parametrize("name", MISTAKES)
def test_a_broken_policy_is_refused_naming_file_key_and_fix(tmp_path, name):
    mistake = MISTAKES[name]
    path = write_policy(tmp_path, (mistake.old, mistake.new))

    with pytest.raises(PolicyError) as refused:
        load_policy_file(path)

    message = str(refused.value)
    assert message.startswith(f"{path}: ")
    assert mistake.key in message
    assert mistake.fix in message


def test_every_problem_of_a_file_is_reported_at_once(tmp_path):
    path = write_policy(
        tmp_path,
        *((MISTAKES[name].old, MISTAKES[name].new) for name in ("unknown key", "time 25:00")),
    )

    with pytest.raises(PolicyError) as refused:
        load_policy_file(path)

    assert len(refused.value.problems) == 2


def test_a_missing_file_is_refused_with_a_fix(tmp_path):
    with pytest.raises(PolicyError, match="no such file. Fix: give the path"):
        load_policy_file(tmp_path / "nowhere.toml")


@pytest.mark.django_db
@pytest.mark.parametrize("name", MISTAKES)
def test_policy_load_of_a_broken_file_exits_2_and_stores_nothing(tmp_path, capsys, name):
    mistake = MISTAKES[name]
    path = write_policy(tmp_path, (mistake.old, mistake.new))

    with pytest.raises(CommandError) as refused:
        call_command("policy", "load", str(path))

    assert refused.value.returncode == 2
    assert "nothing was stored" in str(refused.value)
    assert mistake.key in capsys.readouterr().err
    assert not PolicyVersion.objects.exists()
    with pytest.raises(PolicyNotLoaded):
        policy_in_force()


@pytest.mark.django_db
def test_loading_the_same_policy_twice_stores_one_version(tmp_path):
    first = policy_load(path=DEFAULT_POLICY, actor=None)
    again = policy_load(path=DEFAULT_POLICY, actor=None)

    assert first == again
    assert PolicyVersion.objects.count() == 1


@pytest.mark.django_db
def test_a_changed_policy_becomes_a_new_version_in_force_and_the_old_one_stays(tmp_path):
    first = policy_load(path=DEFAULT_POLICY, actor=None)
    changed = write_policy(tmp_path, ("strike_threshold = 3", "strike_threshold = 4"))

    second = policy_load(path=changed, actor=None)

    assert second.sha256 != first.sha256
    assert policy_in_force() == second
    assert second.policy.moderation.strike_threshold == 4
    assert PolicyVersion.objects.get(pk=first.pk).policy.moderation.strike_threshold == 3

    policy_load(path=DEFAULT_POLICY, actor=None)
    assert policy_in_force() == first


P4_TEXT = 'text = "Husk at saksbehandling ikke foregår i sosiale medier."'
P4_CHANGED = 'text = "Husk at saksbehandling aldri foregår i sosiale medier."'


@pytest.mark.django_db
def test_changed_guidelines_under_the_version_already_loaded_are_refused(tmp_path):
    policy_load(path=DEFAULT_POLICY, actor=None)
    changed = write_policy(tmp_path, (P4_TEXT, P4_CHANGED))

    with pytest.raises(PolicyError) as refused:
        policy_load(path=changed, actor=None)

    (problem,) = refused.value.problems
    assert problem.startswith(f"{changed}: guidelines.version: the words of the guidelines")
    assert 'Fix: give the changed guidelines a new version, e.g. version = "2026-1-2"' in problem
    assert PolicyVersion.objects.count() == 1


@pytest.mark.django_db
def test_changed_guidelines_under_a_new_version_are_loaded(tmp_path):
    first = policy_load(path=DEFAULT_POLICY, actor=None)
    changed = write_policy(
        tmp_path, (P4_TEXT, P4_CHANGED), ('version = "2026-1"', 'version = "2026-2"')
    )

    second = policy_load(path=changed, actor=None)

    assert second.policy.guidelines.version == "2026-2"
    assert second.policy.guidelines_digest != first.policy.guidelines_digest
    assert second.policy.rule("P4").text == "Husk at saksbehandling aldri foregår i sosiale medier."


@pytest.mark.django_db
def test_policy_check_stores_nothing_and_show_lists_every_rule(capsys):
    call_command("policy", "check", str(DEFAULT_POLICY))
    assert capsys.readouterr().out.startswith("OK: Rakkestad kommune og sosiale medier, 39 rules")
    assert not PolicyVersion.objects.exists()

    call_command("policy", "load")
    call_command("policy", "show")

    shown = capsys.readouterr().out
    for rule_id in ("D1", "D9", "O5", "L4", "G2", "S2", "A6", "P10", "K1"):
        assert f"  {rule_id} " in shown


def test_a_key_with_a_line_break_or_a_dot_is_named_quoted_on_one_line(tmp_path):
    path = tmp_path / "p.toml"
    text = write_policy(tmp_path).read_text(encoding="utf-8")
    path.write_text('"line\\nbreak" = 1\n"a.b" = 2\n' + text, encoding="utf-8")

    with pytest.raises(PolicyError) as refused:
        load_policy_file(path)

    assert sorted(problem.split(": ")[1] for problem in refused.value.problems) == [
        '"a.b"',
        '"line\\nbreak"',
    ]
    assert all("\n" not in problem for problem in refused.value.problems)
