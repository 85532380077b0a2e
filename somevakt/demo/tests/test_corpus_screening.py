"""What the demo writes is what screening should see: each category of the corpus
triggers its rule, and the harmless categories trigger nothing."""

import pytest

from somevakt.demo import corpus
from somevakt.demo.setup import DEMO_CHANNELS
from somevakt.demo.simulator import DEFAULT_START, TrafficSimulator
from somevakt.screening import Context, Severity, screen

CHANNEL_OF = {"G1": "closed_group", "S1": "secret_group"}
EXPECTED = {
    "D2": {"D2", "D3", "D5"},  # the corpus's D2 mixes swearing, name-calling and threats
    "D3": {"D3"},
    "D5": {"D5"},
    "D6": {"D6"},
    "D7": {"D7"},
    "D8": {"D8"},
    "G1": {"G1"},
    "S1": {"S1"},
}


def _cases(categories):
    simulator = TrafficSimulator(seed=7, start=DEFAULT_START, channels=DEMO_CHANNELS)
    return [
        pytest.param(category, simulator.fill(template), id=f"{category}-{number}")
        for category in categories
        for number, template in enumerate(corpus.COMMENTS[category])
    ]


@pytest.mark.parametrize(("category", "text"), _cases(EXPECTED))
def test_each_breach_in_the_demo_is_found_under_its_rule(category, text):
    result = screen(text, Context(channel_type=CHANNEL_OF.get(category, "main_page")))

    found = {f.rule for f in result.findings if f.severity >= Severity.REVIEW}
    assert found & EXPECTED[category], [f.reason for f in result.findings]


@pytest.mark.parametrize(
    ("category", "text"),
    _cases(["question", "question_nn", "question_sv", "question_da", "question_en", "praise"]),
)
def test_questions_and_praise_in_the_demo_need_no_moderation(category, text):
    result = screen(text, Context())

    assert not result.needs_moderation, [f.reason for f in result.findings]
    assert result.is_question == category.startswith("question")
