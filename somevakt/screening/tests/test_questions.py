import pytest

from somevakt.screening.questions import is_question


@pytest.mark.parametrize(
    "text",
    [
        "Når åpner svømmehallen igjen?",
        "Kor tid kjem søppelbilen til Degernes",
        "Lurer på om biblioteket er åpent i romjula",
        "Hur söker man plats i förskolan?",
        "Hvornår bliver vejen ryddet for sne?",
        "Could you tell me when the recycling station opens",
        "Send meg søknadsskjemaet for parkeringstillatelse.",
    ],
)
def test_questions_and_requests_to_the_municipality_are_recognised(text):
    assert is_question(text)


@pytest.mark.parametrize(
    "text",
    [
        "Er det bare jeg som synes dette er rart?",
        "Hvem tror de at de er?",
        "@Kari hvor kjøpte du den?",
        "Kari, fikk du svar til slutt?",
        "Takk for god hjelp i dag.",
        "Veien er fortsatt ikke brøytet.",
    ],
)
def test_rhetorical_questions_and_statements_are_not(text):
    assert not is_question(text)


def test_staff_do_not_ask_the_municipality():
    assert not is_question("Har du prøvd å logge inn på nytt?", by_staff=True)
