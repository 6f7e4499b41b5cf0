"""Shared fixtures: invented cases, every letter rendered once and converted in ONE LibreOffice batch."""

from __future__ import annotations

import pytest
from doctools import AS_OF, BE_CASE, FR_CASE, sample_fields

from parcours import CaseFile, evaluate, load_rules
from parcours.documents import letter_ids, load_letter, render_letter, to_pdf


@pytest.fixture(scope="session")
def rules():
    return load_rules()


@pytest.fixture(scope="session")
def fr_case():
    return CaseFile.from_dict(dict(FR_CASE))


@pytest.fixture(scope="session")
def fr_eval(fr_case, rules):
    return evaluate(fr_case, AS_OF, rules=rules)


@pytest.fixture(scope="session")
def be_case():
    return CaseFile.from_dict(dict(BE_CASE))


@pytest.fixture(scope="session")
def be_eval(be_case, rules):
    return evaluate(be_case, AS_OF, rules=rules)


@pytest.fixture(scope="session")
def rendered(fr_case, fr_eval, be_case, be_eval):
    """{(letter_id, lang): (docx_bytes, pdf_bytes)} for every letter and language variant."""
    keys, docs = [], []
    for letter_id in letter_ids():
        spec = load_letter(letter_id)
        case, ev = (fr_case, fr_eval) if spec.jurisdiction == "fr" else (be_case, be_eval)
        for lang in spec.languages:
            keys.append((letter_id, lang))
            docs.append(render_letter(letter_id, case, ev, sample_fields(letter_id), lang))
    pdfs = to_pdf(docs)
    return {k: (d, p) for k, d, p in zip(keys, docs, pdfs)}
