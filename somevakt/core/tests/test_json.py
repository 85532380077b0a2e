import json

import pytest

from somevakt.core.json import loads_storable


def test_json_from_outside_is_made_storable_in_keys_strings_and_nested_lists():
    raw = '{"a\\u0000": ["x\\ud9f5", {"b": "\\u0000"}], "n": 1, "ok": "æøå"}'
    assert loads_storable(raw) == {"a\ufffd": ["x\ufffd", {"b": "\ufffd"}], "n": 1, "ok": "æøå"}


def test_nan_and_infinity_are_refused_as_json_refuses_them():
    with pytest.raises(json.JSONDecodeError, match="Infinity is not a JSON number"):
        loads_storable('{"time": Infinity}')
