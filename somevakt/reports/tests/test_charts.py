import xml.etree.ElementTree as ET

from somevakt.reports.charts import Series, bar_chart, line_chart, nice_max

SVG = "{http://www.w3.org/2000/svg}"


def test_the_axis_top_is_a_round_number_above_the_largest_value():
    assert [nice_max(v) for v in (0, 1, 7, 12, 180, 2600)] == [1, 1, 10, 20, 200, 5000]


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
