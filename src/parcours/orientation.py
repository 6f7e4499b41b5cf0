"""Orientation, kept by the legal team in rules/<jurisdiction>/orientation.yaml: from the person's
current status and what they need, the procedures worth checking. It only *proposes*: each proposed
procedure is then evaluated by the engine, which says whether it applies. Routes are data, so a new
procedure is reachable by adding one line, and `parcours lint` reports a procedure no route reaches.

    statuses: [{id, label: {fr, en}, help?}]
    needs:    [{id, label: {fr, en}}]
    routes:   [{procedure, statuses: [ids] or ["*"], needs: [ids] or ["*"]}]

A route proposes its procedure when the status is one of `statuses` and at least one chosen need
is one of `needs`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .messages import Text
from .suggest import did_you_mean


@dataclass(frozen=True)
class Choice:
    id: str
    label: Text
    help: Text | None = None


@dataclass(frozen=True)
class Route:
    procedure: str
    statuses: tuple[str, ...]
    needs: tuple[str, ...]

    def matches(self, status: str | None, needs) -> bool:
        return ("*" in self.statuses or status in self.statuses) and (
            "*" in self.needs or any(n in self.needs for n in needs)
        )


@dataclass
class Orientation:
    jurisdiction: str
    file: str
    statuses: list[Choice] = field(default_factory=list)
    needs: list[Choice] = field(default_factory=list)
    routes: list[Route] = field(default_factory=list)

    def propose(self, status: str | None, needs) -> list[str]:
        """The procedures to check, in the file's order, without repeats."""
        out: list[str] = []
        for route in self.routes:
            if route.procedure not in out and route.matches(status, list(needs or ())):
                out.append(route.procedure)
        return out


def parse_orientation(doc, name: str, procedures: dict, out) -> Orientation:
    jurisdiction = doc["jurisdiction"]
    o = Orientation(jurisdiction, name)
    for kind in ("statuses", "needs"):
        for item in doc[kind]:
            prefix = f"orientation.{jurisdiction}.{kind[:-2] if kind == 'statuses' else 'need'}.{item['id']}"
            getattr(o, kind).append(
                Choice(
                    item["id"], Text.from_doc(item["label"], prefix), Text.from_doc(item.get("help"), prefix + ".help")
                )
            )
    known = {"statuses": {c.id for c in o.statuses}, "needs": {c.id for c in o.needs}}
    for i, route in enumerate(doc["routes"]):
        line = doc["routes"].line_of(i)
        if route["procedure"] not in procedures:
            out.error(
                name,
                line,
                f"route to unknown procedure {route['procedure']!r}"
                + did_you_mean(route["procedure"], list(procedures)),
            )
        for kind in ("statuses", "needs"):
            for value in route[kind]:
                if value != "*" and value not in known[kind]:
                    out.error(
                        name,
                        line,
                        f"route to {route['procedure']}: unknown {kind[:-1] if kind == 'needs' else 'status'} "
                        f"{value!r}" + did_you_mean(value, sorted(known[kind])),
                    )
        o.routes.append(Route(route["procedure"], tuple(route["statuses"]), tuple(route["needs"])))
    reached = {r.procedure for r in o.routes}
    for pid, _procedure in procedures.items():
        if pid.startswith(jurisdiction + ".") and pid not in reached:
            out.warning(
                name,
                None,
                f"no route proposes {pid}: a volunteer can still tick it by hand",
                f"add '- {{procedure: {pid}, statuses: [...], needs: [...]}}'",
            )
    return o
