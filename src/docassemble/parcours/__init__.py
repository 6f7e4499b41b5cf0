"""docassemble.parcours: the thin glue between docassemble interviews and the parcours core.

Interviews are served from the repository's top-level interviews/ and templates/ through the
symlinks in data/ (no second copy is checked in).
"""

__version__ = "0.1.0"
