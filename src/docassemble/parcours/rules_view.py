"""Read-only views of the rule files for the rules browser interview."""

from __future__ import annotations

import datetime as dt
import re

from parcours import i18n, load_rules, views
from parcours.paths import default_rules_dir


def _status(item, lang: str) -> str:
    return i18n.ui(f"rules.status.{item.status}", lang) or item.status


def _text(text, lang: str, fallback: str = "") -> str:
    """A rule text in *lang* (the rules catalogue's fallback), never an empty line."""
    return (i18n.rule_text(text, lang) if text else "") or fallback


def _cites(citations) -> str:
    text = "; ".join(c.markdown() for c in citations)
    return f" — {text}" if text else ""


def _why(item, lang) -> str:
    """Why a point is to verify (its verify_reason), after its status."""
    reason = getattr(item, "verify_reason", None)
    return f" — {_text(reason, lang)}" if item.status == "to_verify" and reason is not None else ""


def _criteria(nodes, lang, depth=0):
    for node in nodes:
        if node.id or node.explanation:
            text = _text(node.explanation, lang, node.id)
            yield f"{'  ' * depth}- {text}{_cites(node.citations)} *({_status(node, lang)})*" + _why(node, lang)
            for exc in node.exceptions:
                etext = i18n.ui("rules.except", lang, text=_text(exc.explanation, lang, exc.id))
                yield (
                    f"{'  ' * (depth + 1)}- {etext}{_cites(exc.citations)} *({_status(exc, lang)})*" + _why(exc, lang)
                )
        yield from _criteria(node.children, lang, depth + (1 if node.id else 0))


def overview_markdown(jurisdiction: str, lang: str = "fr", today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    out = []
    for proc in sorted(load_rules().procedures_for(jurisdiction), key=lambda p: p.id):
        title = _text(proc.title, lang, proc.id)
        out.append(f"#### {title}\n\n`{proc.id}`\n")
        for v in proc.versions:
            current = v.valid_from <= today and (v.valid_until is None or today <= v.valid_until)
            until = v.valid_until.isoformat() if v.valid_until else "…"
            version = i18n.ui("rules.version", lang, start=v.valid_from.isoformat(), end=until)
            in_force = f" {i18n.ui('rules.in_force', lang)}" if current else ""
            out.append(f"**{version}**{in_force}, {i18n.ui('rules.reviewed', lang, date=v.reviewed_on.isoformat())}\n")
            out.extend(_criteria(v.criteria, lang))
            for d in v.deadlines:
                label = _text(getattr(d, "label", None), lang, d.id)
                out.append(
                    f"- ⏱ {label}{_cites(d.citations)} *({_status(d, lang)})* — "
                    + views.rule_words(d, jurisdiction, lang)  # the start event by its label, not its id
                    + _why(d, lang)
                )
                for pause in d.suspensions:  # the exceptions to the running of the delay
                    out.append(
                        f"    - ⏸ {_text(pause.label, lang, pause.id)}{_cites(pause.citations)}"
                        f" *({_status(pause, lang)})*"
                    )
            out.append("")
    return "\n".join(out)


def orientation_markdown(jurisdiction: str, lang: str = "fr") -> str:
    """The orientation file as a table: for each procedure, the statuses and needs that propose it."""
    rules = load_rules()
    o = rules.orientation.get(jurisdiction)
    if o is None:
        return i18n.ui("rules.orientation.none", lang)
    statuses = {c.id: _text(c.label, lang, c.id) for c in o.statuses}
    needs = {c.id: _text(c.label, lang, c.id) for c in o.needs}

    def names(ids, table):
        return i18n.ui("rules.orientation.all", lang) if "*" in ids else "; ".join(table.get(i, i) for i in ids)

    columns = (i18n.ui(f"rules.column.{c}", lang) for c in ("procedure", "situations", "needs"))
    rows = ["| " + " | ".join(columns) + " |", "|---|---|---|"]
    for route in o.routes:
        procedure = rules.procedures.get(route.procedure)
        title = _text(procedure.title if procedure else None, lang, route.procedure)
        rows.append(f"| {title} | {names(route.statuses, statuses)} | {names(route.needs, needs)} |")
    return "\n".join(rows)


def changelog_markdown(entries: int = 8) -> str:
    """The first entries of rules/CHANGELOG.md (newest first), each bullet with its continuation lines."""
    items: list[str] = []
    for line in (default_rules_dir() / "CHANGELOG.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("- "):
            items.append(line)
        elif items and line.startswith("  ") and line.strip():
            items[-1] += " " + line.strip()
    return "\n".join(re.sub(r"\s+", " ", item) for item in items[:entries])
