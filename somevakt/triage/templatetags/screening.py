from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from somevakt.triage.models import ItemScreening

register = template.Library()


@register.simple_tag
def highlight_findings(text: str, screening: ItemScreening) -> SafeString:
    """The text with the words of each finding marked, everything else escaped."""
    spans = sorted(
        (f.start, f.end, f.rule) for f in screening.findings.all() if f.words and f.end > f.start
    )
    pieces: list[SafeString | str] = []
    position = 0
    for start, end, rule in spans:
        if start < position:
            continue  # overlapping spans: the first one is marked
        pieces.append(text[position:start])
        pieces.append(format_html('<mark data-rule="{}">{}</mark>', rule, text[start:end]))
        position = end
    pieces.append(text[position:])
    escaped = format_html_join("", "{}", ((piece,) for piece in pieces))
    return mark_safe(escaped.replace("\n", "<br>"))  # noqa: S308 - every piece is escaped
