"""How the letters of one packet are signed: the person's choice, asked once per packet.

- ``paper`` (the default): the letter keeps its blank "Signature :" line, to sign by hand;
- ``typed``: the signature line reads "Signé : <name>" (no script font is installed: plainly);
- ``drawn``: the drawing made on the touch screen sits in the letter's signature block.

The templates' signature block is ``{% if signature.typed %}Signé : {{ signature.typed }}{% else %}
Signature : {{ signature.image }}{% endif %}`` (Dutch: Ondertekend / Handtekening). A drawn signature
is checked and re-encoded here (a tampered post — not an image, a huge one — is refused naming
what to do); it is held only in memory and in the case's own files, never written elsewhere.
"""

from __future__ import annotations

import io

from .errors import DocumentError

MODES = ("paper", "typed", "drawn")
DEFAULT = "paper"
# A finger drawing on a phone is a few tens of kB; a canvas is at most a few thousand pixels wide.
MAX_BYTES = 2 * 1024 * 1024
MAX_SIDE = 4000
WIDTH_MM = 45  # the drawing's width in the letter


def checked_image(data) -> bytes:
    """The drawing as a clean PNG (re-encoded: nothing but pixels), or DocumentError saying why not."""
    from PIL import Image, UnidentifiedImageError

    if not isinstance(data, (bytes, bytearray)) or not data:
        raise DocumentError.one("signature", "the signature is empty", "sign again in the box")
    if len(data) > MAX_BYTES:
        raise DocumentError.one("signature", f"the signature image is larger than {MAX_BYTES // 1024} kB")
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ("PNG", "JPEG"):
                raise DocumentError.one("signature", "the signature is not a PNG or JPEG image")
            if max(image.size) > MAX_SIDE or min(image.size) < 2:
                raise DocumentError.one("signature", f"the signature image is {image.size[0]}x{image.size[1]} pixels")
            image.load()
            clean = image.convert("RGBA")
    except DocumentError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise DocumentError.one("signature", "the signature is not an image", "sign again in the box") from exc
    out = io.BytesIO()
    clean.save(out, "PNG")
    return out.getvalue()


def signature_block(template, signature: dict | None, sender_name: str) -> dict:
    """The ``signature`` of a letter's context: ``typed`` (a name or "") and ``image`` ("" or an InlineImage)."""
    signature = signature or {}
    mode = signature.get("mode") or DEFAULT
    if mode not in MODES:
        raise DocumentError.one("signature", f"unknown way to sign {mode!r}", f"use one of {', '.join(MODES)}")
    if mode == "typed":
        name = " ".join(str(signature.get("name") or sender_name or "").split())
        return {"typed": name, "image": ""} if name else {"typed": "", "image": ""}
    if mode == "drawn":
        from docx.shared import Mm
        from docxtpl import InlineImage

        png = checked_image(signature.get("image"))
        return {"typed": "", "image": InlineImage(template, io.BytesIO(png), width=Mm(WIDTH_MM))}
    return {"typed": "", "image": ""}
