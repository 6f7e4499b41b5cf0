"""YAML reading that keeps line numbers.

Rule, test and case files are read into plain dicts and lists (subclasses
`LDict` / `LList`) that remember the line of each key and item, so every
message can say ``file:line``. Dates are kept as ISO strings at this stage:
an impossible date such as 2025-02-30 must become a clear message, not a
constructor exception deep in PyYAML.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from .errors import ParcoursError, diag

try:  # libyaml is much faster; fall back to pure Python when absent
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class LDict(dict):
    """A dict that remembers the (1-based) line of itself and of each key."""

    line: int = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines: dict = {}

    def line_of(self, key) -> int:
        return self.lines.get(key, self.line)


class LList(list):
    line: int = 0

    def __init__(self, *args):
        super().__init__(*args)
        self.lines: list[int] = []

    def line_of(self, index) -> int:
        return self.lines[index] if 0 <= index < len(self.lines) else self.line


class YamlError(ParcoursError):
    pass


def _scalar(node: yaml.ScalarNode, constructor):
    if node.tag == _TIMESTAMP:
        # Keep the text; the schema and parse_date() check it is a real date.
        text = node.value
        return text if len(text) <= 10 else text.replace(" ", "T", 1)
    value = constructor.construct_object(node, deep=True)
    if isinstance(value, (dt.date, dt.datetime)):  # pragma: no cover - handled above
        return value.isoformat()
    return value


def _convert(node, constructor, path: str):
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out = LDict()
        out.line = line
        merged = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlError([diag(path, key_node.start_mark.line + 1, "a key must be a plain word or date")])
            if key_node.tag == "tag:yaml.org,2002:merge":  # `<<: *anchor` — handy in test files
                merged.append(value_node)
                continue
            key = _scalar(key_node, constructor)
            if isinstance(key, bool):  # YAML 1.1 reads `no:` / `yes:` as booleans
                key = key_node.value
            if key in out:
                raise YamlError(
                    [
                        diag(
                            path,
                            key_node.start_mark.line + 1,
                            f"duplicate key {key!r} (first written on line {out.lines[key]})",
                            "keep only one of them",
                        )
                    ]
                )
            out[key] = _convert(value_node, constructor, path)
            out.lines[key] = key_node.start_mark.line + 1
        for value_node in merged:  # explicit keys win over merged ones
            sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            for source in sources:
                base = _convert(source, constructor, path)
                if not isinstance(base, LDict):
                    raise YamlError([diag(path, line, "`<<:` must merge a mapping")])
                for key, value in base.items():
                    if key not in out:
                        out[key] = value
                        out.lines[key] = base.line_of(key)
        return out
    if isinstance(node, yaml.SequenceNode):
        out = LList()
        out.line = line
        for item in node.value:
            out.append(_convert(item, constructor, path))
            out.lines.append(item.start_mark.line + 1)
        return out
    return _scalar(node, constructor)


def load_text(text: str, path: str | Path = "<string>"):
    """Parse YAML text into LDict/LList values; raise YamlError with file:line."""
    path = str(path)
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or "malformed YAML"
        raise YamlError(
            [
                diag(
                    path,
                    line,
                    f"this is not valid YAML: {problem}",
                    "check the indentation and that every 'key: value' has a space after the colon",
                )
            ]
        ) from None
    except yaml.YAMLError as exc:  # pragma: no cover - non-marked errors are rare
        raise YamlError([diag(path, None, f"this is not valid YAML: {exc}")]) from None
    if node is None:
        return None
    constructor = yaml.SafeLoader("")
    try:
        return _convert(node, constructor, path)
    except yaml.constructor.ConstructorError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise YamlError([diag(path, line, f"unsupported YAML value: {exc.problem}")]) from None
    except ValueError as exc:
        raise YamlError([diag(path, None, f"unreadable YAML value: {exc}")]) from None


def load_file(path: str | Path):
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise YamlError([diag(path, None, "the file is not UTF-8 text", "save it as UTF-8")]) from None
    except OSError as exc:
        raise YamlError([diag(path, None, f"cannot read the file: {exc.strerror}")]) from None
    return load_text(text, path)


def line_at(root, path) -> int | None:
    """Line of the value at *path* (a sequence of keys/indexes) inside *root*."""
    line = getattr(root, "line", None)
    node = root
    for part in path:
        if isinstance(node, LDict) and part in node:
            line = node.line_of(part)
            node = node[part]
        elif isinstance(node, LList) and isinstance(part, int) and part < len(node):
            line = node.line_of(part)
            node = node[part]
        else:
            break
    return line
