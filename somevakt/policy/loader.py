"""Reading a policy file: everything is checked, and every problem reported, up front.

Each problem is one line, "FILE: KEY: what is wrong. Fix: what to write", so that the
person editing the file can correct all of them in one go. Nothing here touches the
database; the services store a policy only once it has loaded without a problem.
"""

import difflib
import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from somevakt.policy.schema import Policy, toml_value


class PolicyError(ValueError):
    """A policy file that cannot be used; `problems` holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = tuple(problems)


@dataclass(frozen=True)
class LoadedPolicy:
    path: Path
    raw: bytes
    sha256: str
    policy: Policy

    @property
    def name(self) -> str:
        return self.policy.policy.name

    @property
    def text(self) -> str:
        return self.raw.decode("utf-8")


def load_policy_file(path: Path | str) -> LoadedPolicy:
    """Read and validate a policy file; raise PolicyError listing every problem."""
    path = Path(path)
    raw = _read(path)
    data = _parse(path, raw)
    try:
        policy = Policy.model_validate(data)
    except ValidationError as exc:
        raise PolicyError([_describe(path, error) for error in exc.errors()]) from None
    return LoadedPolicy(path=path, raw=raw, sha256=hashlib.sha256(raw).hexdigest(), policy=policy)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        reason, fix = "no such file", "give the path of a policy .toml file that exists"
    except IsADirectoryError:
        reason, fix = "this is a folder", "give the path of the .toml file inside it"
    except PermissionError:
        reason, fix = "permission denied", "make the file readable for the user running somevakt"
    except OSError as exc:
        reason, fix = exc.strerror or str(exc), "check the disk and the path"
    raise PolicyError([f"{path}: cannot read the policy file: {reason}. Fix: {fix}."])


_TOML_POSITION = re.compile(
    r"^(?P<what>.*) \((?:at line (?P<line>\d+), column (?P<col>\d+)|at end of document)\)$"
)
_TOML_VALUES = (
    'text and times in double quotes (end = "15:00"), numbers, dates and true/false without quotes'
)
_TOML_FIXES = (
    ("twice", "each table may appear only once; merge the two or rename one"),
    ("overwrite", "each key may appear only once in a table; remove the repeated one"),
    ("unterminated", "close the text with a double quote on the same line"),
    ("unclosed", f"close it with ] or }}, and check every value in it: {_TOML_VALUES}"),
    ("table declaration", "close the table name with ], e.g. [working_time]"),
)
_TOML_GENERAL_FIX = f"write {_TOML_VALUES}, and each key = value on a line of its own"


def _parse(path: Path, raw: bytes) -> dict[str, Any]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PolicyError(
            [f"{path}: line {line}: not UTF-8 text. Fix: save the file with UTF-8 encoding."]
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_POSITION.match(str(exc))
        what = match["what"] if match else str(exc)
        if match and match["line"]:
            line = int(match["line"])
            source = text.splitlines()[line - 1].strip() if line <= len(text.splitlines()) else ""
            where = f"line {line}, column {match['col']}" + (f" ({source})" if source else "")
        else:
            where = "at the end of the file"
        fix = next((fix for word, fix in _TOML_FIXES if word in what.lower()), _TOML_GENERAL_FIX)
        raise PolicyError([f"{path}: {where}: not valid TOML: {what}. Fix: {fix}."]) from None


# --- validation errors in the policy's words -------------------------------------------


def _describe(path: Path, error: ErrorDetails) -> str:
    loc = tuple(part for part in error["loc"] if part != "[key]")
    is_key = len(loc) < len(error["loc"])
    key = "".join(_key_part(part) for part in loc).removeprefix(".") or "(top level)"
    if error["type"].startswith("policy_"):
        message = error["msg"]  # written by the schema as "what. Fix: how"
    else:
        what, fix = _builtin_problem(error, loc, is_key)
        message = f"{what}. Fix: {fix}"
    return f"{path}: {key}: {message.rstrip('.')}."


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _key_part(part: Any) -> str:
    """A step of a key path as written in TOML: a key that is not bare in quotes, so that
    a key with a line break or a dot in it stays on the problem's one line, unambiguous."""
    if isinstance(part, int):
        return f"[{part}]"
    text = str(part)
    return "." + (text if _BARE_KEY.fullmatch(text) else toml_value(text))


def _builtin_problem(error: ErrorDetails, loc: tuple, is_key: bool) -> tuple[str, str]:
    """Pydantic's own errors, reworded with a fix."""
    kind, value, ctx = error["type"], error["input"], error.get("ctx") or {}
    shown = toml_value(value)
    if kind == "extra_forbidden":
        return "unknown key", _unknown_key_fix(loc)
    if kind == "missing":
        return "required key is missing", _missing_key_fix(loc)
    if kind in ("enum", "literal_error"):
        expected = str(ctx.get("expected", "")).replace("'", "" if is_key else '"')
        if kind == "literal_error" and " or " not in expected:
            return f"{shown} is not supported", f"write {_key_part(loc[-1])[1:]} = {expected}"
        return f"{shown} is not one of the choices", f"use one of {expected}"
    if kind == "string_type":
        return f"{shown} is not text", 'write it in double quotes, e.g. "Rakkestad kommune"'
    if kind == "string_too_short":
        return "the text is empty", "write the text between the quotes"
    if kind == "too_short":
        return "the list is empty", "add at least one value"
    if kind in ("int_type", "int_from_float", "int_parsing"):
        return f"{shown} is not a whole number", "write a whole number without quotes, e.g. 3"
    if kind in ("greater_than", "greater_than_equal"):
        limit = ctx.get("gt", ctx.get("ge"))
        return f"{shown} is too small", f"write a whole number greater than {limit}"
    if kind == "bool_type":
        return f"{shown} is not true or false", "write true or false, without quotes"
    if kind in ("list_type", "tuple_type"):
        return f"{shown} is not a list", 'write a list in square brackets, e.g. ["a", "b"]'
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{shown} is not a table", "write it as a [table] or as { key = value, … }"
    return error["msg"], "compare with the default policy, policies/rakkestad.toml"


def _unknown_key_fix(loc: tuple) -> str:
    model = _model_at(loc[:-1])
    if model is None:
        return "correct its spelling or remove it"
    allowed = list(model.model_fields)
    close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
    spelling = f"correct the spelling (did you mean {close[0]}?)" if close else "correct it"
    return f"{spelling} or remove it; the keys here are {', '.join(allowed)}"


def _missing_key_fix(loc: tuple) -> str:
    model = _model_at(loc[:-1])
    name = str(loc[-1])
    field = model.model_fields.get(name) if model else None
    if field is None:
        return f"add {name}"
    is_table = _model_of(field.annotation) is not None
    shape = f"a [{'.'.join(map(str, loc))}] table" if is_table else f"{name} = …"
    return f"add {shape}" + (f" — {field.description}" if field.description else "")


def _model_at(path: tuple) -> type[BaseModel] | None:
    """The table model at a key path of the policy file, if it is a table."""
    annotation: Any = Policy
    for part in path:
        model = _model_of(annotation)
        if model is not None:
            field = model.model_fields.get(str(part))
            if field is None:
                return None
            annotation = field.annotation
            continue
        annotation = _unwrap(annotation)
        origin = get_origin(annotation)
        if origin is dict:
            annotation = get_args(annotation)[1]
        elif origin in (tuple, list):
            annotation = get_args(annotation)[0]
        else:
            return None
    return _model_of(annotation)


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, UnionType):
            annotation = next(arg for arg in get_args(annotation) if arg is not type(None))
        else:
            return annotation


def _model_of(annotation: Any) -> type[BaseModel] | None:
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None
