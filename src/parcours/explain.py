"""Plain-text reasoning a volunteer can read (``parcours explain`` / ``--format text``)."""

from __future__ import annotations

import datetime as dt

from .results import CriterionResult, Evaluation, ProcedureResult

MARK = {"met": "✓", "not_met": "✗", "unknown": "?"}
STATUS = {
    "en": {
        "eligible": "ELIGIBLE",
        "not_eligible": "NOT ELIGIBLE",
        "unknown": "NOT DECIDED YET (facts missing)",
        "not_applicable": "DOES NOT APPLY to this situation",
    },
    "fr": {
        "eligible": "CONDITIONS REMPLIES",
        "not_eligible": "CONDITIONS NON REMPLIES",
        "unknown": "PAS ENCORE DÉCIDÉ (informations manquantes)",
        "not_applicable": "NE CONCERNE PAS cette situation",
    },
}
WORDS = {
    "en": {
        "version": "Rules in force",
        "criteria": "Conditions",
        "missing": "Still to find out",
        "deadlines": "Deadlines",
        "documents": "Documents",
        "fees": "Fees",
        "verify": "To be checked by the legal team",
        "days_left": "days left",
        "overdue": "PASSED",
        "today": "TODAY is the last day",
        "extended": "moved from",
        "exception": "exception applied",
        "filing": "Where to file",
        "why": "because",
        "if_applicable": "(if it applies: not yet known)",
        "threshold": "Values used",
        "suspended": "SUSPENDED since {since} ({label}): {days} days will be left from {until}",
        "resumed": "suspended from {since} to {until} ({label})",
        "met": "DONE on {date}",
    },
    "fr": {
        "version": "Règles en vigueur",
        "criteria": "Conditions",
        "missing": "Reste à savoir",
        "deadlines": "Délais",
        "documents": "Pièces",
        "fees": "Frais",
        "verify": "À vérifier par l'équipe juridique",
        "days_left": "jours restants",
        "overdue": "DÉPASSÉ",
        "today": "AUJOURD'HUI est le dernier jour",
        "extended": "reporté du",
        "exception": "exception appliquée",
        "filing": "Où déposer",
        "why": "car",
        "if_applicable": "(si applicable : pas encore connu)",
        "threshold": "Valeurs utilisées",
        "suspended": "SUSPENDU depuis le {since} ({label}) : il restera {days} jours à compter de {until}",
        "resumed": "suspendu du {since} au {until} ({label})",
        "met": "FAIT le {date}",
    },
}


def explain_procedure(proc: ProcedureResult, lang: str = "en", as_of: dt.date | None = None) -> str:
    w = WORDS.get(lang, WORDS["en"])
    lines = [f"{proc.title.get(lang)} [{proc.id}]", f"  → {STATUS.get(lang, STATUS['en'])[proc.status]}"]
    if proc.version:
        lines.append(f"  {w['version']}: {proc.version}")
    for note in proc.notes:
        lines.append(f"  ! {note}")
    if proc.criteria:
        lines.append(f"  {w['criteria']}:")
        for crit in proc.criteria:
            lines.extend(_criterion(crit, lang, w, indent=4))
    if proc.computed and any(v is not None for v in proc.computed.values()):
        lines.append(f"  {w['threshold']}:")
        for name, value in proc.computed.items():
            if value is not None:
                lines.append(f"    {name} = {_fmt(value)}")
        for use in proc.parameters:
            refs = "; ".join(c.plain() for c in use.references)
            lines.append(f"    {use.id} from {use.start.isoformat()}: {_fmt(use.value)} ({refs})")
    if proc.missing_facts:
        lines.append(f"  {w['missing']}:")
        for item in proc.missing_facts:
            label = item.label.get(lang) if item.label else item.id
            lines.append(f"    ? {label} [{item.id}, question {item.question}]")
    if proc.deadlines:
        lines.append(f"  {w['deadlines']}:")
        for d in proc.deadlines:
            lines.append("    " + _deadline(d, lang, w))
    if proc.documents:
        lines.append(f"  {w['documents']}:")
        for doc in proc.documents:
            extra = []
            if doc.sworn_translation != "no":
                extra.append("sworn translation" if lang == "en" else "traduction assermentée")
            if doc.apostille != "no":
                extra.append(doc.apostille.replace("_", " "))
            if doc.alternatives:
                extra.append(" / ".join(t.get(lang) for _, t in doc.alternatives))
            cond = f" {w['if_applicable']}" if doc.condition == "unknown" else ""
            lines.append(f"    - {doc.label.get(lang)}{cond}" + (f" ({'; '.join(extra)})" if extra else ""))
    if proc.fees:
        lines.append(f"  {w['fees']}:")
        for fee in proc.fees:
            lines.append(f"    - {fee.label.get(lang)}: {_fmt(fee.amount)} {fee.currency}")
    if proc.to_verify:
        lines.append(f"  {w['verify']}: {', '.join(proc.to_verify)}")
    for error in proc.errors:
        lines.append(f"  ! {error}")
    return "\n".join(lines)


def _criterion(crit: CriterionResult, lang, w, indent) -> list[str]:
    pad = " " * indent
    text = crit.explanation.get(lang) if crit.explanation else (crit.expression or crit.id or "")
    cites = "; ".join(c.plain() for c in crit.citations)
    out = [f"{pad}{MARK[crit.result]} {text}" + (f" — {cites}" if cites else "")]
    if crit.exception:
        out.append(f"{pad}  ({w['exception']}: {crit.exception})")
    if crit.missing_facts:
        out.append(f"{pad}  ? {', '.join(crit.missing_facts)}")
    for error in crit.errors:
        out.append(f"{pad}  ! {error}")
    return out


def _deadline(d, lang, w) -> str:
    label = d.label.get(lang) if d.label else d.id
    s = d.suspension
    if d.stopped:
        return (
            f"{label}: "
            + w["suspended"].format(
                since=s.since.isoformat(), label=s.label.get(lang), days=s.days_left_then, until=s.until_fact
            )
            + f"\n      {d.rule}"
        )
    stop = (
        " — " + w["resumed"].format(since=s.since.isoformat(), until=s.until.isoformat(), label=s.label.get(lang))
        if s
        else ""
    )
    if d.due is None:
        return f"{label}: ? ({d.rule}) — {w['missing']}: {d.start_fact}"
    due = d.due.strftime("%Y-%m-%d %H:%M") if isinstance(d.due, dt.datetime) else d.due.isoformat()
    if d.met_on is not None:
        left = " — " + w["met"].format(date=d.met_on.isoformat())
    elif d.days_left is None:
        left = ""
    elif d.days_left < 0:
        left = f" — {w['overdue']}"
    elif d.days_left == 0:
        left = f" — {w['today']}"
    else:
        left = f" — {d.days_left} {w['days_left']}"
    moved = f" ({w['extended']} {d.extended_from.isoformat()})" if d.extended_from else ""
    cond = f" {w['if_applicable']}" if d.condition == "unknown" else ""
    cites = "; ".join(c.plain() for c in d.citations)
    return f"{label}: {due}{moved}{left}{stop}{cond}\n      {d.rule}" + (f"\n      {cites}" if cites else "")


def _fmt(value) -> str:
    if value is None:
        return "?"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return f"{value:,.2f}".replace(",", " ") if hasattr(value, "quantize") else str(value)


def explain(evaluation: Evaluation, lang: str = "en", procedure: str | None = None) -> str:
    header = f"as of {evaluation.as_of.isoformat()}" if lang != "fr" else f"au {evaluation.as_of.isoformat()}"
    blocks = [header]
    for proc in evaluation.procedures:
        if procedure is None or proc.id == procedure:
            blocks.append(explain_procedure(proc, lang, evaluation.as_of))
    return "\n\n".join(blocks)
