import json
import re
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder


def json_ready(value: Any) -> Any:
    """`value` as a JSONField gives it back (dates as ISO strings), so that what is hashed
    or compared before saving is what is read after."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


# PostgreSQL keeps neither NUL nor half a surrogate pair in text or jsonb.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable_text(text: str) -> str:
    """`text` with NUL and lone surrogates replaced by U+FFFD, so every database stores it."""
    return _UNSTORABLE.sub("\ufffd", text)


def _not_json(constant: str) -> Any:
    # Python reads NaN and Infinity; JSON (and PostgreSQL's jsonb) has neither.
    raise json.JSONDecodeError(f"{constant} is not a JSON number", constant, 0)


def loads_storable(raw: str | bytes) -> Any:
    """Parse JSON from outside (a platform's answer, a webhook body) into values every
    database can store: keys and strings go through storable_text; NaN and Infinity are
    refused as JSON refuses them."""

    def clean(value: Any) -> Any:
        if isinstance(value, str):
            return storable_text(value)
        if isinstance(value, list):
            return [clean(item) for item in value]
        if isinstance(value, dict):
            return {storable_text(key): clean(item) for key, item in value.items()}
        return value

    return clean(json.loads(raw, parse_constant=_not_json))
