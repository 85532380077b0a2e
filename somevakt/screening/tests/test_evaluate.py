import pytest

from somevakt.screening import Context, default_screener
from somevakt.screening.evaluate import (
    DATA_DEVSET,
    DevSetError,
    evaluate,
    format_report,
    read_devset,
)

HEADER = "id,lang,channel_type,kind,parent_text,text,rules,severity,question\n"


def test_scores_count_hits_misses_and_false_alarms(tmp_path):
    path = tmp_path / "set.csv"
    path.write_text(
        HEADER
        + "1,nb,main_page,comment,,Faen så dårlig,D2,review,0\n"
        + "2,nb,main_page,comment,,Takk for hjelpen!,,none,0\n"
        + "3,nb,main_page,comment,,Du er en idiot,D2,review,0\n"  # labelled D2, is D5
        + "4,nb,main_page,comment,,Når åpner biblioteket?,,none,1\n",
        encoding="utf-8",
    )

    report = evaluate(read_devset(path), default_screener(), Context())

    assert (report.rules["D2"].tp, report.rules["D2"].fn) == (1, 1)
    assert report.rules["D5"].fp == 1
    assert report.needs_moderation.tp == 2 and report.needs_moderation.fp == 0
    assert report.questions.tp == 1
    assert "needs moderation" in format_report(report)


def test_a_file_with_an_unknown_rule_is_refused_with_its_line(tmp_path):
    path = tmp_path / "set.csv"
    path.write_text(HEADER + "1,nb,main_page,comment,,tekst,D9,review,0\n", encoding="utf-8")

    with pytest.raises(DevSetError, match=r"set.csv:2: unknown rule\(s\) D9"):
        read_devset(path)


def test_a_file_without_the_columns_is_refused(tmp_path):
    path = tmp_path / "set.csv"
    path.write_text("text,label\nhei,ok\n", encoding="utf-8")

    with pytest.raises(DevSetError, match="missing column"):
        read_devset(path)


def test_the_development_set_has_the_size_and_spread_it_promises():
    rows = read_devset(DATA_DEVSET)
    positives = {rule: 0 for rule in ("D1", "D2", "D3", "D5", "D6", "D7", "D8", "G1", "S1")}
    for row in rows:
        for rule in filter(None, row["rules"].split(";")):
            positives[rule] += 1

    assert len(rows) >= 800
    assert min(positives.values()) >= 40
    assert sum(1 for row in rows if not row["rules"]) >= max(positives.values())
    assert {row["lang"] for row in rows} >= {"nb", "nn", "sv", "da", "en", "pl", "ar"}
