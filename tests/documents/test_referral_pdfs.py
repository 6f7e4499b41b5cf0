"""Every referral body printed as the coordination downloads it (DOCX → PDF): the recipient, the annex
inventory numbered in order, and in a collective referral no name, no witness, no hour. The pages are
kept as PNG (60 dpi) under tests/artifacts/referrals/ for a person to look at."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))

from test_referral_bodies import HIDDEN, NAME, drafted  # noqa: E402

from parcours.documents import to_pdf  # noqa: E402
from parcours.observatory import referral as rf  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "referrals"


def test_every_body_prints_its_recipient_a_numbered_inventory_and_no_name_in_a_collective_referral():
    cases = [(body, "collective") for body in rf.body_ids()] + [("onu_migrants", "individual")]
    contexts = [drafted(body, kind) for body, kind in cases]
    pdfs = to_pdf([rf.render_docx(c) for c in contexts])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for (body, kind), context, pdf in zip(cases, contexts, pdfs, strict=True):
        path = ARTIFACTS / f"{body}_{kind}.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        flat = " ".join(text.split())
        assert rf.load_body(body).recipient[0] in flat
        inventory = flat.split("Pièces jointes (inventaire)")[1]
        numbers = [int(n) for n in re.findall(r"Annexe (\d+) —", inventory)]
        assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= len(context["annexes"])
        if kind == "collective":
            for hidden in HIDDEN:
                assert hidden not in flat, (body, hidden)
        else:
            assert NAME in flat and "consenti à être nommée" in flat
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(ARTIFACTS / f"{body}_{kind}")], check=True)
