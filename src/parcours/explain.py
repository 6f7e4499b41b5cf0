"""Plain-text reasoning a volunteer can read (``parcours explain`` / ``--format text``).

Rendered from the evaluation's views (parcours.views), in any language parcours has: the same
words as the result screen, plus what a volunteer checks by hand — the articles with their
addresses, how each delay is counted, and each point to verify with its reason.
"""

from __future__ import annotations

from . import i18n
from .views import EvaluationView, ProcedureView, ReasonView, evaluation_view

FSI, PDI = "\u2068", "\u2069"


def _plain(text) -> str:
    """Terminal text: isolates kept (a terminal that knows bidi uses them), nothing else added."""
    return text or ""


def _cites(citations) -> str:
    return "; ".join(f"{c.article} <{c.url}>" if c.url else c.article for c in citations)


def _reason(r: ReasonView, depth: int) -> list[str]:
    pad = " " * depth
    cites = _cites(r.citations)
    out = [f"{pad}{r.mark} {_plain(r.text)}" + (f" — {cites}" if cites else "") + (" ⚠" if r.to_verify else "")]
    if r.exception:
        out.append(f"{pad}  ↳ {_plain(r.exception)}")
    for child in r.children:
        out.extend(_reason(child, depth + 2))
    return out


def explain_view(view: ProcedureView, lang: str) -> str:
    T = lambda msgid, **kw: i18n.ui(msgid, lang, **kw)  # noqa: E731
    lines = [_plain(view.title) + (f" — {view.person}" if view.person else ""), f"  → {view.status_text}"]
    if view.rules_in_force:
        lines.append(f"  {_plain(view.rules_in_force)}")
    if view.outcome:
        lines.append(f"  {_plain(view.outcome)}")
    if view.provisional:
        lines.append(f"  {T('result.provisional')}")
    for step in view.next_steps:
        lines.append(f"  {'⚠ ' if step.at_risk else ''}{T('result.next_step')}: {_plain(step.text)}")
        if step.citations:
            lines.append(f"      {_cites(step.citations)}")
    if view.reasons:
        lines.append(f"  {T('result.reasons')}:")
        for r in view.reasons:
            lines.extend(_reason(r, 4))
    for member in view.members:
        lines.append("")
        lines.extend("  " + line for line in explain_view(member, lang).splitlines())
    if view.figures:
        lines.append(f"  {T('result.figures')}:")
        for f in view.figures:
            line = f"    {_plain(f.label)}: {_plain(f.value)}"
            line += "".join(f" — {_plain(x)}" for x in (f.declared, f.shortfall) if x)
            if f.sources:
                line += f" ({_cites(f.sources)})"
            lines.append(line)
    if view.missing:
        lines.append(f"  {T('result.missing')}:")
        lines.extend(f"    ? {_plain(m.label)}" + (f" ({m.person})" if m.person else "") for m in view.missing)
    if view.deadlines:
        lines.append(f"  {T('result.deadlines')}:")
        for d in view.deadlines:
            lines.append(f"    {'!' if d.urgent else '-'} {_plain(d.label)}: {_plain(d.text)}")
            if d.rule:
                lines.append(f"      {_plain(d.rule)}")
            if d.citations:
                lines.append(f"      {_cites(d.citations)}")
    if view.documents:
        lines.append(f"  {T('result.documents')}:")
        for doc in view.documents:
            extra = [x for x in [doc.issued_by, *doc.notes] if x]
            lines.append(f"    - {_plain(doc.label)}" + (f" ({'; '.join(extra)})" if extra else ""))
    fees = [f for f in view.fees if f.amount]
    if fees:
        lines.append(f"  {T('result.fees')}:")
        lines.extend(f"    - {_plain(f.label)}: {_plain(f.amount)}" for f in fees)
    if view.filing_where:
        lines.append(f"  {T('result.filing')}: {_plain(view.filing_where)}")
    if view.verify:
        lines.append(f"  ⚠ {T('result.to_verify')}:")
        lines.extend(f"    - {_plain(v.what)} — {_plain(v.reason)}" for v in view.verify)
    return "\n".join(lines)


def explain(evaluation, lang: str = "en", procedure: str | None = None, people=None, rules=None) -> str:
    view: EvaluationView = evaluation_view(evaluation, lang, people, rules)
    blocks = [f"{view.as_of} — {view.rules_version}" if view.rules_version else view.as_of]
    blocks += [f"> {_plain(line)}" for line in view.planned]
    for proc in view.procedures:
        if procedure is None or proc.id == procedure:
            blocks.append(explain_view(proc, view.lang))
    return "\n\n".join(blocks)
