import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder


def json_ready(value: Any) -> Any:
    """`value` as a JSONField gives it back (dates as ISO strings), so that what is hashed
    or compared before saving is what is read after."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))
