"""Reading a policy file: everything is validated before anything is stored."""

import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ValidationError

from somevakt.policy.schema import Policy


class PolicyError(ValueError):
    """A policy file that cannot be used; one line per problem: file, key, what to do."""


@dataclass(frozen=True)
class LoadedPolicy:
    path: Path
    text: str
    sha256: str
    policy: Policy


def _allowed_keys(loc: tuple) -> list[str]:
    """The keys a table may hold, for the hint on an unknown key."""
    model: type[BaseModel] | None = Policy
    for part in loc[:-1]:
        if model is None:
            return []
        field = model.model_fields.get(str(part))
        if field is None:
            return []  # inside a dict (rules.D7, archive.x): not a model table
        annotation = field.annotation
        model = (
            annotation
            if isinstance(annotation, type) and issubclass(annotation, BaseModel)
            else None
        )
    if model is None and len(loc) >= 3 and loc[0] == "rules":
        from somevakt.policy.schema import Rule

        model = Rule
    return sorted(model.model_fields) if model else []


def _describe(error: dict) -> str:
    loc = tuple(error["loc"])
    key = ".".join(str(part) for part in loc) or "(top level)"
    kind = error["type"]
    if kind == "extra_forbidden":
        allowed = _allowed_keys(loc)
        hint = f"; allowed here: {', '.join(allowed)}" if allowed else ""
        return f"key '{key}': unknown key; remove it or correct its spelling{hint}"
    if kind == "missing":
        return f"key '{key}': missing; add it (see policies/rakkestad.toml for an example)"
    message = error["msg"].removeprefix("Value error, ")
    if kind != "value_error" and "input" in error and not isinstance(error["input"], dict | list):
        message += f" (found {error['input']!r})"
    return f"key '{key}': {message}"


def load_policy_file(path: Path | str) -> LoadedPolicy:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PolicyError(f"{path}: no such file; give the path of a policy .toml file") from None
    except OSError as exc:
        raise PolicyError(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        raise PolicyError(f"{path}: not UTF-8 text; save the file as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{path}: not valid TOML: {exc}; correct the syntax there") from None
    try:
        policy = Policy.model_validate(data)
    except ValidationError as exc:
        raise PolicyError("\n".join(f"{path}: {_describe(e)}" for e in exc.errors())) from None
    return LoadedPolicy(path, text, hashlib.sha256(raw).hexdigest(), policy)
