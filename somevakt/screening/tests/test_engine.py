import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from somevakt.screening import Context, Severity, screen

MAIN = Context(place_names=("Rakkestad", "Os", "Degernes"))


def _rules(text: str, context: Context = MAIN) -> set[str]:
    return {f.rule for f in screen(text, context).findings if f.severity >= Severity.REVIEW}


def test_a_finding_names_the_rule_the_exact_words_and_why():
    text = "Du er en IDIOOOT, ordfører"

    (finding,) = screen(text, MAIN).findings

    assert finding.rule == "D5"
    assert text[finding.start : finding.end] == finding.words == "IDIOOOT"
    assert finding.severity == Severity.REVIEW
    assert 0 < finding.confidence <= 1
    assert "D5" in finding.reason and "person" in finding.reason


@pytest.mark.parametrize(
    "text", ["din i d i o t", "du er en 1d10t", "du er en id\u200biot", "du er en ｉｄｉｏｔ"]
)
def test_disguised_insults_are_found_in_the_original_text(text):
    (finding,) = screen(text, MAIN).findings

    assert finding.rule == "D5"
    assert finding.words == text[finding.start : finding.end]
    assert finding.words.replace(" ", "").replace("\u200b", "") not in ("", "du")


@pytest.mark.parametrize("word", ["idiot", "idioten", "idiotene", "idiotisk"])
def test_inflected_forms_are_found(word):
    assert "D5" in _rules(f"Ordføreren er {word}")


def test_an_insult_at_a_thing_is_name_calling_not_a_personal_attack():
    assert _rules("For en drittkommune dette har blitt") == {"D2"}


def test_swearing_is_d2():
    assert _rules("Faen, nå er veien stengt igjen") == {"D2"}


@pytest.mark.parametrize(
    "text",
    ["Jeg skal ta deg når du kommer ut", "Du fortjener å dø", "Noen burde brenne ned rådhuset"],
)
def test_threats_are_d3_and_hide_now(text):
    findings = screen(text, MAIN).findings

    assert any(f.rule == "D3" and f.severity == Severity.HIDE_NOW for f in findings)


@pytest.mark.parametrize(
    "text",
    [
        "Analysen av trafikken i Storgata er klar",
        "Vi kjørte til Horten i helgen",
        "Lykke og hell med den nye skolen!",
        "Dette er en skandale, kommunen har sviktet de eldre totalt",
        "Elendig brøyting igjen, dere burde skamme dere",
    ],
)
def test_innocent_words_and_hard_criticism_are_left_alone(text):
    assert _rules(text) == set()


def test_a_place_name_is_never_a_bad_word():
    context = dataclasses.replace(MAIN, place_names=("Fucking",))

    assert _rules("Vi var på ferie i Fucking i fjor", context) == set()


def test_a_quoted_swear_word_in_a_complaint_about_others_is_only_a_note():
    result = screen("Noen har sprayet «faen» på veggen ved skolen, kan dere fjerne det?", MAIN)

    assert not result.needs_moderation
    assert result.is_question


def test_links_to_gross_sites_are_d6_and_shorteners_are_reviewed():
    gross = screen("se her www.XVIDEOS.com/video1", MAIN).findings
    short = screen("Les mer på bit.ly/3xyz", MAIN).findings

    assert [(f.rule, f.severity) for f in gross] == [("D6", Severity.HIDE_NOW)]
    assert [(f.rule, f.severity) for f in short] == [("D6", Severity.REVIEW)]


def test_a_link_to_the_municipality_is_fine():
    result = screen("Se https://www.rakkestad.kommune.no/brøyting for mer", MAIN)

    assert result.findings == ()
    assert result.links == ("https://www.rakkestad.kommune.no/brøyting",)


def test_a_foreign_language_is_d7_and_short_texts_never_are():
    result = screen("Kiedy będzie otwarty basen w Rakkestad?", MAIN)

    assert result.language == "pl"
    assert [f.rule for f in result.findings] == ["D7"]
    assert result.is_question
    assert _rules("Danke schön!") == set()


def test_a_hide_now_finding_of_a_rule_the_policy_does_not_hide_at_once_waits_for_review():
    context = dataclasses.replace(MAIN, immediate_hide_rules=frozenset())

    (finding,) = screen("Du fortjener å dø", context).findings

    assert finding.severity == Severity.REVIEW


def test_an_own_case_needs_case_processing_and_gets_the_policys_reply():
    context = dataclasses.replace(MAIN, case_processing_reply="Send det til post@kommune.no")

    result = screen("Hvorfor har jeg ikke fått svar på byggesøknaden min?", context)

    assert result.needs_case_processing
    assert result.suggested_reply == "Send det til post@kommune.no"
    assert {f.rule for f in result.findings} == {"D8"}


def test_in_a_secret_group_a_named_case_is_flagged():
    context = dataclasses.replace(MAIN, channel_type="secret_group")

    assert _rules("Hva gjør vi med saken til familien Hansen?", context) == {"S1"}


def test_a_wall_post_answering_another_post_is_a_note():
    context = dataclasses.replace(MAIN, is_top_level=True)

    result = screen("Svar til Kari: enig, brøytingen er for dårlig", context)

    assert [(f.rule, f.severity) for f in result.findings] == [("D1", Severity.NOTE)]
    assert not result.needs_moderation


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "\ud800 lone surrogate \udfff",
        "\x00\x01\x02 control \x7f",
        "<script>alert('faen')</script> <b>idiot</b>",
        "**fett** _kursiv_ [lenke](https://example.com) `kode`",
        "🔥" * 5000,
        "idiot " * 170_000,  # 1 MB
    ],
)
def test_bad_input_always_gives_a_result(text):
    result = screen(text, MAIN)

    for finding in result.findings:
        assert 0 <= finding.start <= finding.end <= len(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_findings_that_point_into_it(text):
    result = screen(text, MAIN)

    for finding in result.findings:
        if finding.words:
            assert text[finding.start : finding.end] == finding.words


@pytest.mark.parametrize(
    "text",
    ["\x00\x07 Du er en idiot", "Brøytingen er for dårlig. " * 300 + "Du er en idiot"],
)
def test_spans_hold_after_control_characters_and_in_later_pieces(text):
    # Given a text with control characters, or so long that it is screened in pieces,
    # when it is screened, then the finding points at the words in the original.
    finding = next(f for f in screen(text, MAIN).findings if f.rule == "D5")

    assert text[finding.start : finding.end] == finding.words == "idiot"


def test_a_threat_pattern_is_tried_at_each_occurrence_of_its_first_words():
    # "må" starts the pattern too but is no threat; the later "burde" is.
    findings = screen("Det må vi snakke om. Han burde skytes.", MAIN).findings

    assert [(f.rule, f.words) for f in findings] == [("D3", "burde skytes")]


def test_a_threat_pattern_still_sees_the_words_before_its_start():
    assert _rules("Rovdyret på Degernes burde skytes") == set()
