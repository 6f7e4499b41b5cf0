"""The start page and docassemble's account pages speak the volunteer's language.

After sign-in docassemble shows the start page (``page after login: /`` in the configuration). It
picks its words from the user's profile language, else from the browser's Accept-Language: a
volunteer whose browser is in English got an English page in a French association. Here a visitor
or volunteer without a profile language gets the language they last chose in parcours (a ``?lang=``
link), else the association's default language (French), never the browser's.
"""

from __future__ import annotations

# docassemble's own pages around sign-in: the start page, its session list, profile and sign-in.
PAGES = ("admin.interview_start", "admin.interview_list", "user.login", "user.profile")


def install(app) -> None:
    from flask import request, session
    from flask_login import current_user

    from parcours import i18n

    @app.before_request
    def parcours_start_language():
        chosen = request.args.get("lang")
        if chosen in i18n.LANGS:  # a language the person picked, on any parcours link
            session["parcours_language"] = chosen
        if request.endpoint not in PAGES and request.endpoint != "interview.index":
            return None
        profile = getattr(current_user, "language", None) if getattr(current_user, "is_authenticated", False) else None
        from docassemble.base.config import daconfig  # "default language" of the configuration

        default = daconfig.get("default language") if daconfig.get("default language") in i18n.LANGS else "fr"
        if request.endpoint == "interview.index":
            # docassemble words its own flash ("Starting a new interview...") before the interview
            # sets its language: in the person's language, not docassemble's default English.
            from docassemble.base.functions import set_language

            # A language this link chooses; else the one the last screen was in (docassemble keeps it
            # in session["language"]); only then the last one chosen elsewhere. An action (a link on a
            # French screen) must not bring back an Arabic chosen earlier in another interview: the
            # buttons and messages would be Arabic around French texts.
            shown = session.get("language") if session.get("language") in i18n.LANGS else None
            set_language(
                (chosen if chosen in i18n.LANGS else None)
                or shown
                or session.get("parcours_language")
                or (profile if profile in i18n.LANGS else default)
            )
            return None
        if not profile:
            session["language"] = session.get("parcours_language") or default
        return None
