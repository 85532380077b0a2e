import pytest

from somevakt.screening import personal
from somevakt.screening.engine import bundled_first_names
from somevakt.screening.normalise import normalise


def test_a_fodselsnummer_with_valid_check_digits_is_found():
    found = personal.id_numbers("Fødselsnummeret mitt er 151086 95088, kan dere sjekke?")

    assert [m.words for m in found] == ["151086 95088"]


def test_a_d_nummer_is_found():
    assert personal.id_numbers("D-nummer 55108695071")


@pytest.mark.parametrize(
    "text",
    ["Ordrenummer 15108695077", "org.nr 940123456", "Kontonummer 1503.12.34567", "12345678901"],
)
def test_numbers_that_fail_the_checksum_are_not_id_numbers(text):
    assert personal.id_numbers(text) == []


def test_a_third_persons_phone_number_is_found():
    found = personal.third_person_contacts("Naboen min Ola har tlf 912 34 567, ring ham")

    assert [m.kind for m in found] == ["phone"]


@pytest.mark.parametrize(
    "text", ["Ring meg på 412 34 567", "Ring servicekontoret på 69 22 31 00", "Takk for svar!"]
)
def test_own_and_official_numbers_are_fine(text):
    assert personal.third_person_contacts(text) == []


@pytest.mark.parametrize(
    "text",
    ["Emma er syk i dag og blir hjemme", "Sønnen min har fått diagnosen ADHD", "my son has cancer"],
)
def test_health_about_someone_identifiable_is_found(text):
    assert personal.health_of_identifiable(text, bundled_first_names())


@pytest.mark.parametrize(
    "text",
    [
        "Influensavaksinen er tilgjengelig for alle over 65 år",
        "Legevakten har åpent hele jula",
        "Kreftforeningen har stand på torget lørdag",
    ],
)
def test_medical_words_in_general_information_are_fine(text):
    assert personal.health_of_identifiable(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Når får jeg svar på byggesøknaden min?",
        "Jeg vil klage på vedtaket om eiendomsskatt",
        "Det gjelder saksnummer 22/1234",
        "Eg har fått avslag på søknaden",
        "Hur går det med min ansökan om bygglov?",
        "What is happening with my application?",
    ],
)
def test_own_case_requests_are_found(text):
    assert personal.own_cases(text)


def test_a_general_question_is_not_an_own_case():
    assert personal.own_cases("Når er fristen for å søke barnehageplass?") == []


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Gjelder gnr. 12 bnr. 34, når kommer svaret?", "gnr. 12 bnr. 34"),
        ("Jeg sendte byggesøknad for garasjen 3. mars", "byggesøknad"),
        ("Vi venter fortsatt på vedtaket om avlastning, 14 uker nå", "vedtaket"),
    ],
)
def test_own_cases_are_found_past_the_word_gates(text, words):
    found = personal.own_cases(text, normalise(text).text)

    assert words in [match.words for match in found]


def test_an_idiom_with_a_case_word_is_not_an_own_case():
    text = "Alt dette skjer på vår regning, 40 millioner"

    assert personal.own_cases(text, normalise(text).text) == []


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Se ref nr 12345 fra i fjor", "ref nr 12345"),  # no case word: the number alone
        ("Hvorfor er søknaden til sønnen min ikke behandlet?", "søknaden til sønnen"),
        ("Vi fikk avslag på søknaden om plass", "fikk avslag"),
    ],
)
def test_own_cases_are_found_behind_their_gates(text, words):

    found = personal.own_cases(text, normalise(text).text)

    assert found and found[0].words == words
