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


def test_a_foreign_guess_of_the_quick_model_is_confirmed_by_the_full_model():
    # The quick model takes this for German; the full model, weighing it against the
    # accepted languages, knows better.
    guess = detector.detect("Arne Berg er helt inkompetent og burde få sparken.")

    assert guess.by_model
    assert guess.accepted


def test_a_foreign_language_is_confirmed_with_its_name():
    guess = detector.detect("Quand est-ce que la route sera déneigée? C'est très glissant.")

    assert guess.code == "fr"
    assert not guess.accepted


class _MustNotRun:
    def compute_language_confidence_values(self, text):
        raise AssertionError(f"this model should not be needed for {text!r}")


def test_text_cld3_is_sure_of_skips_lingua_model_of_every_candidate():
    fresh = LanguageDetector()
    fresh.__dict__["_quick_model"] = _MustNotRun()

    guess = fresh.detect("Selger vinterdekk, 16 tommer, nesten nye. Send melding.")

    assert (guess.code, guess.by_model) == ("nb", True)


def test_two_models_agreeing_on_a_foreign_language_need_no_full_model(monkeypatch):
    from somevakt.screening import language

    monkeypatch.setattr(language, "_full_model", lambda *foreign: _MustNotRun())

    guess = LanguageDetector().detect("Goorma ayaa waddada laga nadiifin doonaa barafka?")

    assert guess.code == "so" and not guess.accepted


def test_cld3_alone_never_makes_a_text_foreign():
    # CLD3 is sure this is Javanese; lingua knows it is English, so D7 stays quiet.
    guess = detector.detect("Shut up you f*cking moron.")

    assert guess.accepted


def test_croatian_is_named_as_such():
    guess = detector.detect("Kada će ulica biti očišćena od snijega? Jako je sklisko.")

    assert guess.code == "hr" and not guess.accepted
