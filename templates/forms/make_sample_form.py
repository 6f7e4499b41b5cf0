"""Makes sample_attestation.pdf: a SELF-MADE fillable sample form (not an official form).

It exists only to test the form-map mechanism (templates/forms/sample_attestation.yaml).
Run: .venv/bin/python templates/forms/make_sample_form.py
"""
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

OUT = Path(__file__).with_name("sample_attestation.pdf")


def main():
    c = canvas.Canvas(str(OUT), pagesize=A4)
    c.setTitle("parcours sample form (not an official form)")
    c.setFont("Helvetica-Bold", 14)
    c.drawString(72, 790, "SAMPLE FORM - NOT AN OFFICIAL FORM")
    c.setFont("Helvetica", 10)
    c.drawString(72, 772, "Made by parcours to test form filling. Modele d'essai, ce n'est pas un formulaire officiel.")
    form = c.acroForm
    for y, name, label in ((720, "nom", "Nom / Name"), (690, "prenom", "Prenom / Given name"),
                           (660, "date_naissance", "Date de naissance / Date of birth"),
                           (630, "adresse", "Adresse / Address")):
        c.drawString(72, y + 6, label)
        form.textfield(name=name, x=260, y=y, width=260, height=20, borderWidth=1, forceBorder=True)
    c.drawString(72, 590, "Fait a / Signed at:")
    c.drawString(72, 560, "Signature:")
    c.showPage()
    c.save()


if __name__ == "__main__":
    main()
