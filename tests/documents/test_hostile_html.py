"""Hostile values in documents (issue 12, item 1): whatever a person, a case file or a form post puts
in a name, a case id, a letter field or a language code is written as text, never as markup, and
WeasyPrint fetches nothing outside parcours's own fonts and static files (no file:, http:, data:)."""

from __future__ import annotations

import dataclasses
import http.server
import threading

import pytest
from pdfs import attachments
from test_checklist_packet import rf  # noqa: F401  (the family-reunification case fixture)

from parcours.documents import Packet, checklist_pdf, packet_pdf, summary_pdf
from parcours.documents.checklist import checklist_html
from parcours.documents.commands import write_documents
from parcours.documents.html import FETCH_ROOTS, UnknownLanguage, _fetcher, html_to_pdf, page, render
from parcours.messages import Text

STATIC = FETCH_ROOTS[1]


@pytest.fixture()
def listener():
    """A tiny HTTP server on loopback counting the requests it gets (a server-side request = a hit)."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()


def hostile(base: str) -> str:
    return (
        f'<link rel="attachment" href="file:///etc/passwd"><img src="{base}/img">'
        f'"><link rel=attachment href=file:///etc/hostname><script>window.__pwned=1</script>'
        f"<style>@import url({base}/css);</style>"
    )


def test_raw_links_in_a_page_fetch_nothing(listener):
    base, hits = listener
    raw = page(
        f'<link rel="attachment" href="file:///etc/passwd"><link rel=attachment href="{base}/att">'
        f'<link rel="stylesheet" href="{base}/css"><img src="{base}/img"><img src="file:///etc/hostname">'
        '<img src="data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E">'
        '<link rel=attachment href="data:text/plain,secret"><p>texte</p>'
    )
    pdf = html_to_pdf(raw)
    assert attachments(pdf) == []
    assert hits == []


def test_the_fetcher_serves_own_files_and_refuses_the_rest(listener):
    base, hits = listener
    fetcher = _fetcher()
    font = "file:///usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"
    assert fetcher.fetch(font).read(4)
    own_css = (STATIC / "parcours.css").as_uri()
    assert fetcher.fetch(own_css).read(1)
    for url in (
        "file:///etc/passwd",
        "file:///usr/share/fonts/truetype/noto/../../../../etc/passwd",
        "file://localhost/etc/hostname",
        "file://evil.example/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
        f"{base}/x",
        base.replace("http", "https") + "/x",
        "data:text/plain,secret",
        "ftp://127.0.0.1/x",
        (STATIC.parents[3] / "parcours" / "secrets.json").as_uri(),
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert hits == []


def test_hostile_case_id_and_labels_are_text_in_the_checklist(rf, listener):  # noqa: F811
    base, hits = listener
    case, ev, proc = rf
    doc = proc.documents[0]
    evil = Text("x.evil", fr=hostile(base), en=hostile(base))
    proc = dataclasses.replace(proc, documents=[dataclasses.replace(doc, label=evil, id="x_evil")] + proc.documents[1:])
    html = checklist_html(proc, "en", "fr", ev.as_of, hostile(base))
    assert "<link" not in html.split("</style>", 1)[1] and "<script" not in html and "<img" not in html
    assert "&lt;link rel=&#34;attachment&#34;" in html or "&lt;link rel=&quot;attachment&quot;" in html
    pdf = checklist_pdf(proc, "ar", "fr", ev.as_of, hostile(base))
    assert attachments(pdf) == [] and hits == []


@pytest.mark.parametrize(
    "lang",
    ['fr" onload="x', 'ar"><link rel=attachment href=file:///etc/passwd>', "../../../tmp/x", "", None, "de", ["fr"]],
)
def test_a_language_parcours_does_not_have_is_refused(rf, lang, tmp_path):  # noqa: F811
    case, ev, proc = rf
    with pytest.raises(UnknownLanguage):
        checklist_html(proc, lang, "fr", ev.as_of)
    with pytest.raises(UnknownLanguage):
        checklist_html(proc, "fr", lang, ev.as_of)
    with pytest.raises(UnknownLanguage):
        write_documents(case, ev, proc.id, lang, tmp_path / "out")
    assert not any((tmp_path.parent / "tmp").glob("*")) if (tmp_path.parent / "tmp").exists() else True


def test_hostile_letter_fields_and_names_in_summary_and_packet(rf, listener):  # noqa: F811
    base, hits = listener
    case, ev, proc = rf
    letter = next(iter(proc.letters))
    fields = {"sender_name": hostile(base), "recipient_name": hostile(base), "recipient_address": hostile(base)}
    pdf = summary_pdf(letter, case, ev, fields, "en")
    assert attachments(pdf) == []
    packet = Packet(title=hostile(base), person_lang="ar", admin_lang="fr", prepared_for=hostile(base), as_of=ev.as_of)
    packet.add("checklist", hostile(base), checklist_pdf(proc, "ar", "fr", ev.as_of))
    packet.annexes = [hostile(base)]
    assert attachments(packet_pdf(packet)) == []
    assert hits == []


def test_templates_escape_what_they_are_given():
    out = render(
        "bordereau.html",
        lang="fr",
        heading="<b>h</b>",
        person="<script>x</script>",
        intro="i",
        word="Pièce n°",
        annexes=['<link rel=attachment href="file:///etc/passwd">'],
    )
    assert "<script>" not in out and "<link" not in out and "&lt;script&gt;" in out
