"""On-disk cache of rule files that already passed the schema.

Parsing YAML and validating it against the JSON Schema is most of the cost
of loading the rules. A file whose bytes, schema and parcours version are
unchanged since it last passed is taken from this cache (like Python's .pyc
files); everything after the schema (expression type checks, versions,
deadlines) always runs. Set PARCOURS_NO_CACHE=1 to disable. Any problem
with the cache file means it is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from functools import lru_cache
from importlib import resources
from pathlib import Path

FORMAT = 1


@lru_cache(maxsize=1)
def _salt() -> bytes:
    from . import __version__

    schema = resources.files("parcours.schemas").joinpath("rules.schema.json").read_bytes()
    code = Path(__file__).with_name("yamlio.py").read_bytes()  # the parsed form depends on the reader
    return hashlib.sha256(b"%d|%s|" % (FORMAT, __version__.encode()) + schema + code).digest()


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "parcours"


class DocCache:
    def __init__(self, root: Path):
        self.enabled = not os.environ.get("PARCOURS_NO_CACHE")
        self.path = cache_dir() / f"rules-{hashlib.sha1(str(Path(root).resolve()).encode()).hexdigest()[:16]}.pickle"
        self.entries: dict[str, tuple[bytes, object]] = {}
        self.used: set[str] = set()
        self.dirty = False
        if self.enabled:
            try:
                with open(self.path, "rb") as handle:
                    stored = pickle.load(handle)
                if stored.get("salt") == _salt():
                    self.entries = stored["entries"]
            except Exception:  # noqa: BLE001 - missing or unreadable cache: start empty
                self.entries = {}

    def _key(self, raw: bytes) -> bytes:
        return hashlib.sha256(raw).digest()

    def get(self, name: str, raw: bytes):
        if not self.enabled:
            return None
        entry = self.entries.get(name)
        if entry is not None and entry[0] == self._key(raw):
            self.used.add(name)
            return entry[1]
        return None

    def put(self, name: str, raw: bytes, doc) -> None:
        if self.enabled:
            self.entries[name] = (self._key(raw), doc)
            self.used.add(name)
            self.dirty = True

    def save(self) -> None:
        if not self.enabled:
            return
        if set(self.entries) - self.used:  # forget deleted or renamed files
            self.entries = {k: v for k, v in self.entries.items() if k in self.used}
            self.dirty = True
        if not self.dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            with open(tmp, "wb") as handle:
                pickle.dump({"salt": _salt(), "entries": self.entries}, handle, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(self.path)
        except Exception:  # noqa: BLE001 - read-only home: run without the cache
            return
