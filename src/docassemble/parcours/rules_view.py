"""Read-only views of the rule files for the rules browser interview."""

from __future__ import annotations

import datetime as dt
import re

from parcours import i18n, load_rules, views
from parcours.paths import default_rules_dir

STATUS = {
    "fr": {"verified": "vérifié", "to_verify": "⚠ à vérifier"},
    "en": {"verified": "verified", "to_verify": "⚠ to verify"},
}


def _cites(citations) -> str:
    text = "; ".join(c.markdown() for c in citations)
    return f" — {text}" if text else ""


def _why(item, lang) -> str:
    """Why a point is to verify (its verify_reason), after its status."""
    reason = getattr(item, "verify_reason", None)
    return f" — {reason.get(lang)}" if item.status == "to_verify" and reason is not None else ""


def _criteria(nodes, lang, depth=0):
    for node in nodes:
        if node.id or node.explanation:
            text = node.explanation.get(lang) if node.explanation else node.id
            yield (
                f"{'  ' * depth}- {text}{_cites(node.citations)} *({STATUS[lang].get(node.status, node.status)})*"
                + _why(node, lang)
            )
            for exc in node.exceptions:
                etext = exc.explanation.get(lang) if exc.explanation else exc.id
                yield (
                    f"{'  ' * (depth + 1)}- sauf : {etext}{_cites(exc.citations)} "
                    f"*({STATUS[lang].get(exc.status, exc.status)})*" + _why(exc, lang)
                )
        yield from _criteria(node.children, lang, depth + (1 if node.id else 0))


def overview_markdown(jurisdiction: str, lang: str = "fr", today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    out = []
    for proc in sorted(load_rules().procedures_for(jurisdiction), key=lambda p: p.id):
        title = (i18n.rule_text(proc.title, lang) if proc.title else "") or proc.id
        out.append(f"#### {title}\n\n`{proc.id}`\n")
        for v in proc.versions:
            current = v.valid_from <= today and (v.valid_until is None or today <= v.valid_until)
            until = v.valid_until.isoformat() if v.valid_until else "…"
            out.append(
                f"**Version {v.valid_from.isoformat()} → {until}**{' (en vigueur)' if current else ''}, "
                f"relue le {v.reviewed_on.isoformat()}\n"
            )
            out.extend(_criteria(v.criteria, lang))
            for d in v.deadlines:
                label = d.label.get(lang) if getattr(d, "label", None) else d.id
                out.append(
                    f"- ⏱ {label}{_cites(d.citations)} *({STATUS[lang].get(d.status, d.status)})* — "
                    + views.rule_words(d, jurisdiction, lang)  # the start event by its label, not its id
                    + _why(d, lang)
                )
                for pause in d.suspensions:  # the exceptions to the running of the delay
                    out.append(
                        f"    - ⏸ {pause.label.get(lang) if pause.label else pause.id}{_cites(pause.citations)}"
                        f" *({STATUS[lang].get(pause.status, pause.status)})*"
                    )
            out.append("")
    return "\n".join(out)


def orientation_markdown(jurisdiction: str, lang: str = "fr") -> str:
    """The orientation file as a table: for each procedure, the statuses and needs that propose it."""
    rules = load_rules()
    o = rules.orientation.get(jurisdiction)
    if o is None:
        return "Aucune orientation pour ce pays."
    statuses = {c.id: c.label.get(lang) for c in o.statuses}
    needs = {c.id: c.label.get(lang) for c in o.needs}

    def names(ids, table):
        return "toutes" if "*" in ids else "; ".join(table.get(i, i) for i in ids)

    rows = ["| Démarche | Situations | Besoins |", "|---|---|---|"]
    for route in o.routes:
        procedure = rules.procedures.get(route.procedure)
        title = (i18n.rule_text(procedure.title, lang) if procedure and procedure.title else "") or route.procedure
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
