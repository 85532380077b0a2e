"""The message an author gets when an item is deleted (O2): the policy's own reply, the
rule broken, an excerpt of the item, and where to turn instead (D8, G1).

Templates per language sit in templates/moderation/feedback/: bokmål, nynorsk, and
English for authors who wrote in English.
"""

from django.template.loader import render_to_string

from somevakt.connectors.capabilities import PlatformAction, supports
from somevakt.moderation.models import FeedbackRoute
from somevakt.policy.schema import Policy

LANGUAGES = ("nb", "nn", "en")
EXCERPT_CHARS = 200


def feedback_language(screened_language: str) -> str:
    """Nynorsk and English authors get their own language; everyone else bokmål."""
    return screened_language if screened_language in ("nn", "en") else "nb"


def excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1].rstrip() + "…"


def feedback_render(
    *, policy: Policy, rules: list[str], item_text: str, language: str, unit_name: str = ""
) -> str:
    """The feedback text for a deletion under `rules` (the first is the one named first)."""
    if language not in LANGUAGES:
        raise ValueError(f"No feedback template for language {language!r}; use one of {LANGUAGES}.")
    cited = [(rule_id, policy.rule(rule_id)) for rule_id in rules]
    context = {
        "rules": cited,
        "excerpt": excerpt(item_text),
        "is_case_processing": "D8" in rules,
        "is_sensitive": "G1" in rules,
        "unit_name": unit_name,
        "email": policy.municipality.email,
        "municipality": policy.municipality.name,
        "deletion_reply": policy.replies.deletion,
        "sensitive_reply": policy.replies.sensitive_post,
        "case_processing_reply": policy.replies.case_processing,
    }
    text = render_to_string(f"moderation/feedback/deletion.{language}.txt", context)
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def feedback_route(platform: str) -> FeedbackRoute:
    """Privately where the platform allows it, else a reply, else by hand."""
    if supports(platform, PlatformAction.PRIVATE_REPLY):
        return FeedbackRoute.PRIVATE_REPLY
    if supports(platform, PlatformAction.REPLY):
        return FeedbackRoute.REPLY
    return FeedbackRoute.MANUAL
