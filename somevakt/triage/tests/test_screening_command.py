import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

HEADER = "id,lang,channel_type,kind,parent_text,text,rules,severity,question\n"


def test_evaluate_prints_scores_per_rule_and_the_language_confusion(tmp_path, capsys):
    path = tmp_path / "set.csv"
    path.write_text(HEADER + "1,nb,main_page,comment,,Faen så dårlig,D2,review,0\n", "utf-8")

    call_command("screening", "evaluate", str(path))

    out = capsys.readouterr().out
    assert "1 labelled comments" in out
    assert "needs moderation" in out
    assert "language (rows: labelled, columns: detected)" in out


def test_evaluate_refuses_a_broken_file_with_exit_code_2(tmp_path):
    path = tmp_path / "set.csv"
    path.write_text("text\nhei\n", "utf-8")

    with pytest.raises(CommandError, match="missing column") as raised:
        call_command("screening", "evaluate", str(path))

    assert raised.value.returncode == 2


def test_text_shows_the_findings_as_a_moderator_sees_them(capsys):
    call_command("screening", "text", "Du er en idiot")

    out = capsys.readouterr().out
    assert "D5 review" in out
    assert "Personangrep" in out
