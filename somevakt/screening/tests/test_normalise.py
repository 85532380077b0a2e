import pytest

from somevakt.screening.normalise import normalise


def _words_with_origin(text: str) -> list[tuple[str, str]]:
    normalised = normalise(text)
    pairs = []
    for token in normalised.tokens:
        start, end = normalised.original_span(token.norm_start, token.norm_start + len(token.text))
        pairs.append((token.text, text[start:end]))
    return pairs


@pytest.mark.parametrize(
    ("text", "word", "original"),
    [
        ("Du er en IDIOOOOT!!", "idiot", "IDIOOOOT"),
        ("din i d i o t", "idiot", "i d i o t"),
        ("f.a.e.n ta dere", "faen", "f.a.e.n"),
        ("1d10t", "idiot", "1d10t"),
        ("id\u200biot", "idiot", "id\u200biot"),
        ("\u202eidiot\u202c", "idiot", "idiot"),
        ("ｉｄｉｏｔ", "idiot", "ｉｄｉｏｔ"),
        ("sh1t", "shit", "sh1t"),
        ("Ha\u030alogaland", "hålogaland", "Ha\u030alogaland"),
    ],
)
def test_disguised_words_are_undone_and_point_into_the_original(text, word, original):
    assert (word, original) in _words_with_origin(text)


def test_normal_text_keeps_its_words_and_boundaries():
    normalised = normalise("Når åpner biblioteket? Takk!")

    assert normalised.text == " når åpner biblioteket takk "


def test_numbers_are_not_turned_into_letters():
    assert normalise("Møtet er 15.12 kl 1800").words == ["møtet", "er", "15", "12", "kl", "1800"]


def test_two_single_letters_are_not_joined():
    assert normalise("i å se").words == ["i", "å", "se"]


@pytest.mark.parametrize("text", ["", "   ", "\ud800", "🙂🙂🙂", "\x00\x01", "<b>hei</b>"])
def test_odd_input_gives_a_result(text):
    normalised = normalise(text)

    assert normalised.text.startswith(" ")
