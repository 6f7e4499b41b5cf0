"""Glue: count a finished guide session in the anonymous statistics (parcours.statistics), and
read them back for the legal team's page. Redis keeps the counters (append-only file)."""

from __future__ import annotations

import datetime as dt
from html import escape

from parcours import i18n, load_rules
from parcours.statistics import PREFIX, fields_for, month_key, shown, summarise

STATUSES = ("eligible", "not_eligible", "unknown", "not_applicable")


def _redis():
    from docassemble.parcours.retention import server_redis

    return server_redis()


def record_statistics(evaluation, lang: str, kiosk: bool, today: dt.date | None = None) -> None:
    """Count one result; a failure to count never disturbs the person's interview."""
    try:
        key = month_key(today or dt.date.today())
        pipe = _redis().pipeline()
        for field in fields_for(evaluation, lang, kiosk):
            pipe.hincrby(key, field, 1)
        pipe.execute()
    except Exception:  # noqa: BLE001 - statistics are best effort
        pass


def months(limit: int = 12) -> list[str]:
    keys = sorted((k.decode() if isinstance(k, bytes) else k for k in _redis().keys(PREFIX + "*")), reverse=True)
    return [k.rsplit(":", 1)[1] for k in keys[:limit]]


def table_html(month: str, lang: str = "fr") -> str:
    """One month as accessible tables: outcomes per procedure, languages, modes."""

    def t(msgid: str, **values) -> str:
        return i18n.ui(msgid, lang, **values)

    raw = _redis().hgetall(month_key(dt.date.fromisoformat(month + "-01")))
    data = summarise({(k.decode() if isinstance(k, bytes) else k): v for k, v in raw.items()})
    rules = load_rules()
    head = "".join(f"<th scope=\"col\">{escape(i18n.ui('status.' + s, lang))}</th>" for s in STATUSES)
    rows = []
    for pid, by_status in sorted(data["procedures"].items()):
        procedure = rules.procedures.get(pid)
        title = (i18n.rule_text(procedure.title, lang) if procedure else "") or i18n.ui(
            "statistics.procedure_removed", lang
        )
        cells = "".join(f"<td>{shown(by_status.get(s, 0))}</td>" for s in STATUSES)
        rows.append(f"<tr><th scope=\"row\">{escape(title)}</th>{cells}</tr>")
    langs = "".join(
        f"<tr><th scope=\"row\">{escape(i18n.NAMES.get(k, k))}</th><td>{shown(v)}</td></tr>"
        for k, v in sorted(data["languages"].items())
    )
    modes = "".join(
        f"<tr><th scope=\"row\">{escape(i18n.ui('stats.mode.kiosk' if k == 'kiosk' else 'stats.mode.volunteer', lang))}</th><td>{shown(v)}</td></tr>"
        for k, v in sorted(data["modes"].items())
    )
    return (
        f"<p>{escape(t('stats.results', count=shown(data['results'])))}</p>"
        f"<table class=\"table table-sm\"><caption>{escape(t('stats.by_procedure', month=month))}</caption>"
        f"<thead><tr><th scope=\"col\">{escape(t('rules.column.procedure'))}</th>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        f"<table class=\"table table-sm\"><caption>{escape(t('stats.languages'))}</caption><tbody>{langs}</tbody></table>"
        f"<table class=\"table table-sm\"><caption>{escape(t('stats.mode'))}</caption><tbody>{modes}</tbody></table>"
    )
