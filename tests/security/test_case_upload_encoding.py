"""A case file uploaded in another encoding than UTF-8 is refused with the volunteer's sentence
(never "UnicodeDecodeError"); a UTF-8 .yaml, which docassemble hands over as bytes, is read."""

from __future__ import annotations

from docassemble.parcours.caseimport import read_case_upload
from parcours import i18n

YAML = 'format_version: 1\njurisdiction: fr\nfacts:\n  seeking_asylum: true\n  applicant_nationality: "DZ"\n'


class Upload:
    """What docassemble's DAFile gives the import screen: text for text/* and JSON, else bytes."""

    def __init__(self, content, filename: str):
        self.content, self.filename = content, filename

    def size_in_bytes(self) -> int:
        return len(self.content)

    def slurp(self):
        return self.content


def test_a_utf8_yaml_handed_over_as_bytes_is_imported():
    case, problem = read_case_upload([Upload(("# é\n" + YAML).encode("utf-8"), "dossier.yaml")])
    assert problem is None and case.jurisdiction == "fr"


def test_a_latin1_or_windows_file_gets_the_translated_sentence():
    for content in (("# été\n" + YAML).encode("latin-1"), ("# “é”\n" + YAML).encode("cp1252"), b"\xff\xfe\x00x"):
        case, problem = read_case_upload([Upload(content, "dossier.yaml")], "fr")
        assert case is None and problem == i18n.ui("casefile.unreadable", "fr"), problem
        assert "Unicode" not in problem and "codec" not in problem
