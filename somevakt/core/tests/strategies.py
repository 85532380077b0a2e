"""Hypothesis strategies the fuzz tests share: any JSON value, and a document with one part
changed (a value replaced by another type, a key dropped, an unknown key added)."""

from typing import Any

from hypothesis import strategies as st

odd_text = st.text() | st.sampled_from(
    ["", " ", "\u0000", "\ufeff", "\u202e", "a\u0301", "🏳️‍🌈", "\ud7ff", "Ø" * 300, "\n\r\t"]
)
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([0, -1, 2**31, 2**63, -(2**63) - 1, 10**30])
    | st.floats(allow_nan=False, allow_infinity=False)
    | odd_text
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(odd_text, inner, max_size=4),
    max_leaves=12,
)


def _paths(document: Any, prefix: tuple = ()) -> list[tuple]:
    """Every place in a document of dicts and lists, the document itself first."""
    found = [prefix]
    if isinstance(document, dict):
        for key, value in document.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            found += _paths(value, (*prefix, index))
    return found


def _changed(document: Any, path: tuple, change: str, value: Any, key: str) -> Any:
    if not path:
        if change == "drop" or change == "replace":
            return value
        if change == "add" and isinstance(document, dict):
            return {**document, key: value}
        return document
    head, rest = path[0], path[1:]
    if isinstance(document, dict):
        copy = dict(document)
        if not rest and change == "drop":
            del copy[head]
        else:
            copy[head] = _changed(document[head], rest, change, value, key)
        return copy
    copy = list(document)
    if not rest and change == "drop":
        del copy[head]
    else:
        copy[head] = _changed(document[head], rest, change, value, key)
    return copy


@st.composite
def mutated(draw, document: Any, values: st.SearchStrategy = json_values, most: int = 3) -> Any:
    """`document` with one to `most` changes at places drawn from its own structure."""
    for _ in range(draw(st.integers(1, most))):
        path = draw(st.sampled_from(_paths(document)))
        change = draw(st.sampled_from(["replace", "drop", "add"]))
        document = _changed(document, path, change, draw(values), draw(odd_text))
    return document
