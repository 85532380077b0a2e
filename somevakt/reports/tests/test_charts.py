import xml.etree.ElementTree as ET

from somevakt.reports.charts import Series, axis_scale, bar_chart, label_room, line_chart

SVG = "{http://www.w3.org/2000/svg}"


def test_the_axis_has_at_most_five_round_steps_up_to_the_largest_value():
    scales = [axis_scale(v) for v in (0, 1, 7, 25, 100, 180, 2600)]
    assert scales == [(1, 1), (1, 1), (8, 2), (25, 5), (100, 20), (200, 50), (3000, 1000)]


def test_long_labels_are_slanted_and_get_room_short_ones_none():
    assert label_room(["37", "38", "39"]) == 0
    channels = [f"Rakkestad kommune, enhet {n}" for n in range(10)]
    assert label_room(channels) > 0
    svg = bar_chart(chart_id="r", title="t", description="d", labels=channels,
                    series=[Series("Rekkevidde", list(range(10)))])  # fmt: skip
    assert 'transform="rotate(-45' in svg
    assert "Rakkestad kommu…" in svg  # the table below the chart has the whole name


def test_a_line_chart_names_itself_and_draws_one_line_per_series():
    svg = line_chart(
        chart_id="c",
        title="Dialog <med> innbyggere",
        description="Linjediagram",
        labels=["46", "47", "48"],
        series=[Series("Spørsmål", [1, 4, 2]), Series("Svar", [0, None, 3])],
    )
    root = ET.fromstring(svg)  # well-formed: the title's < > are escaped
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c-title c-desc"
    assert root.find(f"{SVG}title").text == "Dialog <med> innbyggere"
    # The second series has a gap, so only its markers are drawn, no line.
    assert len(root.findall(f"{SVG}polyline")) == 1
    assert "Svar" in [t.text for t in root.iter(f"{SVG}text")]


def test_bars_are_drawn_for_values_only_and_told_apart_by_pattern():
    svg = bar_chart(
        chart_id="b",
        title="Etter regel",
        description="Søylediagram",
        labels=["D1", "D4"],
        series=[Series("Flagget", [5, 0]), Series("Skjult", [2, 1])],
    )
    root = ET.fromstring(svg)
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("height") not in (None, "6", "14")]
    assert len(bars) == 3
    assert len(root.findall(f"{SVG}defs/{SVG}pattern")) == 2


def test_a_long_legend_makes_the_chart_taller():
    short = ET.fromstring(
        line_chart(
            chart_id="s", title="t", description="d", labels=["1"], series=[Series("a", [1])]
        )  # fmt: skip
    )
    many = [Series(f"Kanal med et langt navn {n}", [n]) for n in range(8)]
    tall = ET.fromstring(line_chart(chart_id="t", title="t", description="d", labels=["1"],
                                    series=many))  # fmt: skip
    assert int(tall.get("height")) > int(short.get("height"))
