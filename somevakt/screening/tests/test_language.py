import pytest

from somevakt.screening.language import LanguageDetector

detector = LanguageDetector()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Når åpner biblioteket igjen etter ferien?", "nb"),
        ("Kor tid opnar biblioteket att? Eg lurer på det.", "nn"),
        ("När öppnar biblioteket igen? Jag undrar bara.", "sv"),
        ("When does the library open again after the holidays?", "en"),
        ("Kiedy będzie otwarty basen w Rakkestad?", "pl"),
        ("Wann ist das Schwimmbad in Rakkestad geöffnet?", "de"),
    ],
)
def test_language_is_recognised(text, code):
    assert detector.detect(text).code == code


def test_clear_scandinavian_text_never_reaches_the_model():
    guess = detector.detect("Takk for at dere brøytet så tidlig i dag, det var til stor hjelp!")

    assert guess.by_model is False
    assert guess.accepted


@pytest.mark.parametrize(
    "text", ["Danke schön!", "😀😀😀 🎉", "https://www.rakkestad.kommune.no/", "Kari Nordmann", ""]
)
def test_too_little_text_is_never_judged(text):
    guess = detector.detect(text)

    assert guess.code == "und"
    assert guess.accepted


def test_mixed_text_is_judged_by_its_majority():
    guess = detector.detect("Takk for hjelpen med søknaden i går, merci beaucoup!")

    assert guess.accepted
