"""Small server-side SVG charts: a line chart for time series, grouped bars for
comparisons. Plain SVG with no script, so the page, the PDF and a screen reader all get
the same picture; each chart names itself (role="img", <title>, <desc>) and the page puts
the numbers beside it in a table.

Series are told apart by more than colour (WCAG 1.4.1): lines get their own dash and
marker shape, bars their own pattern of stripes, and the legend shows the same.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

# Colours with at least 3:1 contrast against white (WCAG 1.4.11).
COLOURS = ("#00507a", "#b35900", "#2e7d32", "#8a1020", "#5b3f99", "#4a4a4a")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4")
MARKERS = ("circle", "square", "diamond", "triangle", "circle", "square")
WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 64
Number = int | float | None


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Number]


STEPS = (1, 2, 5)
SLANTED_CHARACTERS = 16


def axis_scale(value: float) -> tuple[float, float]:
    """The top of the value axis and the step between its lines: a 1, 2 or 5 × 10^n step
    (never below 1: the figures are mostly counts), at most five steps to the top."""
    magnitude = 1
    while True:
        for step in (magnitude * s for s in STEPS):
            if value <= 5 * step:
                return max(1, -(-value // step)) * step, step
        magnitude *= 10


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _axis(top: float, step: float) -> list[str]:
    parts = []
    plot_height = HEIGHT - TOP - BOTTOM
    for tick in range(int(round(top / step)) + 1):
        value = step * tick
        y = TOP + plot_height - plot_height * value / top
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#c8c8c8" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#1a1a1a">{_number(value)}</text>'
        )
    return parts


def _every(labels: Sequence[str]) -> int:
    return max(1, -(-len(labels) // 14))  # at most about 14 labels fit


def label_room(labels: Sequence[str]) -> int:
    """Extra height for the axis labels: 0 when they fit side by side, else room for
    them written at a slant."""
    if not labels:
        return 0
    slot = (WIDTH - LEFT - RIGHT) / len(labels) * _every(labels)
    longest = max(len(label) for label in labels)
    if longest * 6.5 <= slot:
        return 0
    return int(min(SLANTED_CHARACTERS, longest) * 6.5 * 0.71)


def _slanted(label: str) -> str:
    # Cut so that the first label stays inside the chart; the table has the whole name.
    if len(label) <= SLANTED_CHARACTERS:
        return label
    return label[: SLANTED_CHARACTERS - 1] + "…"


def _labels(labels: Sequence[str], xs: Sequence[float], slanted: bool) -> list[str]:
    every = _every(labels)
    y = HEIGHT - BOTTOM + 16
    if slanted:
        return [
            f'<text x="{x:.1f}" y="{y - 4}" text-anchor="end" font-size="11" fill="#1a1a1a" '
            f'transform="rotate(-45 {x:.1f} {y - 4})">{escape(_slanted(label))}</text>'
            for index, (label, x) in enumerate(zip(labels, xs, strict=True))
            if index % every == 0
        ]
    return [
        f'<text x="{x:.1f}" y="{y}" text-anchor="middle" font-size="11" '
        f'fill="#1a1a1a">{escape(label)}</text>'
        for index, (label, x) in enumerate(zip(labels, xs, strict=True))
        if index % every == 0
    ]


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
    if shape == "diamond":
        return (
            f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} '
            f'{x - 5:.1f},{y:.1f}" fill="{colour}"/>'
        )
    if shape == "triangle":
        return (
            f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y + 4:.1f} '
            f'{x - 5:.1f},{y + 4:.1f}" fill="{colour}"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>'


def _legend_positions(series: Sequence[Series], room: int) -> list[tuple[float, float]]:
    positions: list[tuple[float, float]] = []
    x, y = float(LEFT), float(HEIGHT - 22 + room)
    for one in series:
        width = 30 + 7 * len(one.name) + 24
        if x > LEFT and x + width > WIDTH:
            x, y = LEFT, y + 18
        positions.append((x, y))
        x += width
    return positions


def _height(series: Sequence[Series], room: int) -> int:
    positions = _legend_positions(series, room)
    return int(max((y for _, y in positions), default=HEIGHT - 22 + room) + 14)


def _legend(series: Sequence[Series], kind: str, chart_id: str, room: int) -> list[str]:
    parts = []
    positions = _legend_positions(series, room)
    for index, (one, (x, y)) in enumerate(zip(series, positions, strict=True)):
        colour = COLOURS[index % len(COLOURS)]
        if kind == "line":
            dash = DASHES[index % len(DASHES)]
            parts.append(
                f'<line x1="{x}" x2="{x + 24}" y1="{y}" y2="{y}" stroke="{colour}" '
                f'stroke-width="2.5" stroke-dasharray="{dash}"/>'
                + _marker(MARKERS[index % len(MARKERS)], x + 12, y, colour)
            )
        else:
            parts.append(
                f'<rect x="{x}" y="{y - 7}" width="24" height="14" '
                f'fill="url(#{chart_id}-p{index})" stroke="{colour}"/>'
            )
        parts.append(
            f'<text x="{x + 30}" y="{y + 4}" font-size="12" fill="#1a1a1a">'
            f"{escape(one.name)}</text>"
        )
    return parts


def _patterns(series: Sequence[Series], chart_id: str) -> str:
    defs = []
    for index in range(len(series)):
        colour = COLOURS[index % len(COLOURS)]
        angle = (0, 45, 90, 135, -45, 20)[index % 6]
        stripes = (
            ""
            if index == 0
            else '<line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2"/>'
        )
        defs.append(
            f'<pattern id="{chart_id}-p{index}" width="6" height="6" '
            f'patternUnits="userSpaceOnUse" patternTransform="rotate({angle})">'
            f'<rect width="6" height="6" fill="{colour}"/>{stripes}</pattern>'
        )
    return f"<defs>{''.join(defs)}</defs>"


def _frame(
    chart_id: str, title: str, description: str, body: list[str], height: int = HEIGHT
) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" class="chart" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>' + "".join(body) + "</svg>"
    )


def _scale(series: Sequence[Series]) -> tuple[float, float]:
    return axis_scale(max((v for s in series for v in s.values if v is not None), default=0))


def line_chart(
    *, chart_id: str, title: str, description: str, labels: Sequence[str], series: Sequence[Series]
) -> str:
    """A time series: one line per series over `labels`; a missing value breaks the line."""
    top, tick = _scale(series)
    room = label_room(labels)
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_width / max(1, len(labels) - 1)
    xs = [LEFT + step * i if len(labels) > 1 else LEFT + plot_width / 2 for i in range(len(labels))]
    body = _axis(top, tick) + _labels(labels, xs, bool(room))
    for index, one in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        points: list[list[tuple[float, float]]] = [[]]
        for x, value in zip(xs, one.values, strict=True):
            if value is None:
                points.append([])
                continue
            points[-1].append((x, TOP + plot_height - plot_height * value / top))
        for run in points:
            if len(run) > 1:
                body.append(
                    f'<polyline fill="none" stroke="{colour}" stroke-width="2.5" '
                    f'stroke-dasharray="{DASHES[index % len(DASHES)]}" points="'
                    + " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                    + '"/>'
                )
            body.extend(_marker(MARKERS[index % len(MARKERS)], x, y, colour) for x, y in run)
    body += _legend(series, "line", chart_id, room)
    return _frame(chart_id, title, description, body, _height(series, room))


def bar_chart(
    *, chart_id: str, title: str, description: str, labels: Sequence[str], series: Sequence[Series]
) -> str:
    """Grouped vertical bars: one group per label, one bar per series."""
    top, tick = _scale(series)
    room = label_room(labels)
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    group = plot_width / max(1, len(labels))
    bar = group * 0.8 / max(1, len(series))
    xs = [LEFT + group * i + group / 2 for i in range(len(labels))]
    body = [_patterns(series, chart_id), *_axis(top, tick), *_labels(labels, xs, bool(room))]
    for index, one in enumerate(series):
        for i, value in enumerate(one.values):
            if not value:
                continue
            height = plot_height * value / top
            x = LEFT + group * i + group * 0.1 + bar * index
            body.append(
                f'<rect x="{x:.1f}" y="{TOP + plot_height - height:.1f}" width="{bar:.1f}" '
                f'height="{height:.1f}" fill="url(#{chart_id}-p{index})" '
                f'stroke="{COLOURS[index % len(COLOURS)]}"/>'
            )
    body += _legend(series, "bar", chart_id, room)
    return _frame(chart_id, title, description, body, _height(series, room))
