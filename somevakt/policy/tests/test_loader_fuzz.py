"""Whatever a policy file holds, the loader gives a policy or a PolicyError whose every
problem is one line naming the file, the place and a fix: never another exception.

The files are the default policy with parts changed (other types, keys dropped or added,
values out of range, odd unicode), the default policy's lines shuffled and cut, and any
text or bytes at all; HYPOTHESIS_PROFILE=fuzz runs many more of them.
"""

import datetime
import json
import re
import tomllib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from somevakt.core.tests.strategies import mutated, odd_text
from somevakt.policy.loader import PolicyError, load_policy_file
from somevakt.policy.schema import Policy
from somevakt.policy.tests.broken import DEFAULT_POLICY

DEFAULT_TEXT = DEFAULT_POLICY.read_text(encoding="utf-8")
DEFAULT = tomllib.loads(DEFAULT_TEXT)

toml_values = st.recursive(
    st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.sampled_from([0, -1, 24, 25, 60, 366, 10**9, 2**63 - 1])
    | st.floats(allow_nan=False, allow_infinity=False)
    | odd_text
    | st.sampled_from(["15:00", "25:00", "mandag", "monday", "2026-02-30", "Europe/Oslo", "X9"])
    | st.dates()
    | st.times()
    | st.datetimes(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(odd_text, inner, max_size=4),
    max_leaves=8,
)


def _toml(value) -> str:
    """A value as TOML, tables inline (a test needs no pretty file, only a valid one)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, str):
        return json.dumps(value)  # JSON's escapes are TOML's basic-string escapes
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in value.items()) + "}"


def _document(data: dict) -> str:
    return "".join(f"{json.dumps(key)} = {_toml(value)}\n" for key, value in data.items())


def _loads_or_explains(path: Path):
    try:
        return load_policy_file(path)
    except PolicyError as exc:
        assert exc.problems
        for line in exc.problems:
            assert "\n" not in line, line
            assert line.startswith(f"{path}: "), line
            assert re.search(r"\. Fix: .+\.$", line, re.S), line
        return None


def test_the_default_policy_written_inline_is_the_same_policy(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text(_document(DEFAULT), encoding="utf-8")

    assert load_policy_file(path).policy == load_policy_file(DEFAULT_POLICY).policy


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=mutated(DEFAULT, values=toml_values))
def test_a_changed_policy_loads_or_every_problem_names_where_and_how_to_fix(tmp_path, data):
    if not isinstance(data, dict):
        data = {"policy": data}
    path = tmp_path / "p.toml"
    path.write_text(_document(data), encoding="utf-8", errors="surrogatepass")

    loaded = _loads_or_explains(path)

    if loaded is not None:
        # What is stored (the JSON document) reads back as the same policy.
        assert Policy.model_validate(loaded.policy.model_dump(mode="json")) == loaded.policy


lines = DEFAULT_TEXT.splitlines(keepends=True)
toml_ish = st.lists(
    st.sampled_from(lines)
    | st.sampled_from(lines).flatmap(
        lambda line: st.integers(0, len(line)).map(lambda cut: line[:cut] + "\n")
    )
    | st.text(alphabet=st.sampled_from("[]{}=\"'#.,:- \n\tøæå0123456789abz\\"), max_size=40)
    | odd_text,
    max_size=40,
).map("".join)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=toml_ish)
def test_any_toml_ish_text_loads_or_every_problem_names_where_and_how_to_fix(tmp_path, text):
    path = tmp_path / "p.toml"
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))

    _loads_or_explains(path)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=200).map(lambda junk: DEFAULT_TEXT.encode()[:1000] + junk))
def test_any_bytes_load_or_every_problem_names_where_and_how_to_fix(tmp_path, raw):
    path = tmp_path / "p.toml"
    path.write_bytes(raw)

    _loads_or_explains(path)
