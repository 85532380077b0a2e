"""The API's paging: limit and offset with upper bounds, so that an offset beyond what the
database can count is a 422 naming the parameter instead of a database error."""

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 1000
MAX_OFFSET = 2**31 - 1


class Pages(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT, description="how many per page")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="how many to skip")

    def __init__(self, **kwargs) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
