"""Official forms: fill a PDF the association placed in templates/forms/ from a form map.

``templates/forms/<form_id>.yaml``::

    pdf: sample_attestation.pdf          # the PDF next to the map
    label: {fr: ..., en: ...}
    sample: true                         # a self-made sample, not an official form
    fields:                              # AcroForm fields, by name
      nom: "{sender_name}"               # Python format fields from the values given
    text:                                # flat forms: text written at coordinates (points, origin bottom left)
      - {page: 0, x: 72, y: 700, size: 10, value: "{sender_name}"}
"""

from __future__ import annotations

import io
from pathlib import Path

import yaml

from .errors import DocumentError
from .paths import templates_dir


class _Values(dict):
    def __missing__(self, key):
        return ""


def load_form_map(form_id: str, root: str | Path | None = None) -> dict:
    path = Path(root or templates_dir()) / "forms" / f"{form_id}.yaml"
    if not path.is_file():
        raise DocumentError.one(path, f"no form map {form_id!r}", "write templates/forms/<form_id>.yaml")
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    doc["_dir"] = path.parent
    return doc


def fill_form(form_id: str, values: dict, root: str | Path | None = None) -> bytes:
    """The form filled with *values* (AcroForm fields by name, then text at coordinates)."""
    from pypdf import PdfReader, PdfWriter

    spec = load_form_map(form_id, root)
    pdf_path = spec["_dir"] / spec["pdf"]
    if not pdf_path.is_file():
        raise DocumentError.one(
            pdf_path, f"form {form_id}: the PDF is not there", "place the official PDF next to the form map"
        )
    vals = _Values({k: ("" if v is None else v) for k, v in values.items()})
    writer = PdfWriter(clone_from=PdfReader(str(pdf_path)))
    fields = {name: str(template).format_map(vals) for name, template in (spec.get("fields") or {}).items()}
    if fields:
        known = set((writer.get_fields() or {}).keys())
        unknown = [n for n in fields if n not in known]
        if unknown:
            raise DocumentError.one(
                pdf_path,
                f"form {form_id}: no field {unknown[0]!r} in the PDF",
                f"fields in the PDF: {', '.join(sorted(known))}",
            )
        for page in writer.pages:
            writer.update_page_form_field_values(page, fields, auto_regenerate=False)
        writer.set_need_appearances_writer(True)
    texts = spec.get("text") or ()
    if texts:
        _stamp(writer, texts, vals)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _stamp(writer, texts, vals) -> None:
    from pypdf import PdfReader
    from reportlab.pdfgen import canvas

    by_page: dict[int, list] = {}
    for item in texts:
        by_page.setdefault(int(item.get("page", 0)), []).append(item)
    for number, items in by_page.items():
        page = writer.pages[number]
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        buf = io.BytesIO()
        c = canvas.Canvas(buf, pagesize=(width, height))
        for item in items:
            c.setFont("Helvetica", float(item.get("size", 10)))
            c.drawString(float(item["x"]), float(item["y"]), str(item["value"]).format_map(vals))
        c.save()
        page.merge_page(PdfReader(io.BytesIO(buf.getvalue())).pages[0])
