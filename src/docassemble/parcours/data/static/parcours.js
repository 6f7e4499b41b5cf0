/* parcours: direction, error announcements, and the kiosk's idle wipe and quick exit.
   Reads its settings from <div id="pc-page" data-...> that the interview writes on every screen. */
(function () {
  "use strict";
  var idleTimer = null, countdownTimer = null, remaining = 0, wiping = false;

  function page() { return document.getElementById("pc-page"); }
  function kiosk() { var p = page(); return !!p && p.getAttribute("data-kiosk") === "yes"; }

  function liveRegion() {
    var live = document.getElementById("pc-live");
    if (!live) {
      live = document.createElement("div");
      live.id = "pc-live";
      live.setAttribute("aria-live", "assertive");
      live.setAttribute("role", "alert");
      document.body.appendChild(live);
    }
    return live;
  }

  function announce(text) {
    var live = liveRegion();
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 120);
  }

  /* Validation errors (docassemble's, client or server side) are read out, and the field is marked. */
  function markErrors(root) {
    var found = [];
    var nodes = (root || document).querySelectorAll(".da-has-error, .invalid-feedback, #daerrorcontainer .alert");
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i], text = (node.textContent || "").trim();
      if (!text || node.offsetParent === null || node.getAttribute("data-pc-announced") === text) continue;
      node.setAttribute("data-pc-announced", text);
      if (!node.id) node.id = "pc-error-" + i;
      var field = node.previousElementSibling;
      var forId = node.getAttribute("for");
      if (forId) field = document.getElementById(forId) || field;
      if (field && /INPUT|SELECT|TEXTAREA/.test(field.tagName)) {
        field.setAttribute("aria-invalid", "true");
        field.setAttribute("aria-describedby", node.id);
      }
      found.push(text);
    }
    if (found.length) announce(found.join(" "));
  }

  function watchErrors() {
    if (window.__pcObserver) return;
    window.__pcObserver = new MutationObserver(function () { markErrors(document); });
    window.__pcObserver.observe(document.body, { childList: true, subtree: true, characterData: true,
      attributes: true, attributeFilter: ["style", "class"] });
  }

  /* Kiosk: wipe = the server deletes the session (docassemble's exit_logout), the browser forgets. */
  function clearBrowser() {
    try { window.localStorage.clear(); } catch (e) { /* storage may be off */ }
    try { window.sessionStorage.clear(); } catch (e) { /* idem */ }
    try {
      if (window.caches && caches.keys) {
        caches.keys().then(function (keys) { keys.forEach(function (k) { caches.delete(k); }); });
      }
    } catch (e) { /* idem */ }
  }

  function wipe() {
    if (wiping) return;
    wiping = true;
    var p = page();
    var target = (p && p.getAttribute("data-wipe")) || "/start/kiosk/";
    clearBrowser();
    var body = document.getElementById("dabody");
    if (body) body.style.visibility = "hidden";   // nothing personal stays on screen meanwhile
    window.location.replace(target);
  }

  function hideIdle() {
    var box = document.getElementById("pc-idle");
    if (box) box.hidden = true;
    if (countdownTimer) { window.clearInterval(countdownTimer); countdownTimer = null; }
  }

  function showIdle() {
    var p = page(), box = document.getElementById("pc-idle");
    if (!p || !box) { wipe(); return; }
    remaining = parseInt(p.getAttribute("data-warn") || "30", 10);
    var text = document.getElementById("pc-idle-text");
    var template = text ? text.getAttribute("data-template") : "";
    var render = function () { if (text) text.textContent = template.replace("{seconds}", String(remaining)); };
    render();
    box.hidden = false;
    var stay = box.querySelector(".pc-stay");
    if (stay) stay.focus();
    countdownTimer = window.setInterval(function () {
      remaining -= 1;
      render();
      if (remaining <= 0) { hideIdle(); wipe(); }
    }, 1000);
  }

  function resetIdle() {
    if (!kiosk() || wiping) return;
    if (countdownTimer) return;               // the warning is up: only its button continues
    if (idleTimer) window.clearTimeout(idleTimer);
    var seconds = parseInt(page().getAttribute("data-idle") || "120", 10);
    idleTimer = window.setTimeout(showIdle, seconds * 1000);
  }

  function onClick(event) {
    var el = event.target.closest ? event.target.closest(".pc-wipe, .pc-stay, .pc-listen-button, .pc-print") : null;
    if (!el) return;
    if (el.classList.contains("pc-wipe")) { event.preventDefault(); wipe(); }
    else if (el.classList.contains("pc-stay")) { event.preventDefault(); hideIdle(); resetIdle(); }
    else if (el.classList.contains("pc-print")) { event.preventDefault(); window.print(); }
    else if (el.classList.contains("pc-listen-button")) {
      var audio = document.getElementById("pc-audio");
      if (audio) { audio.currentTime = 0; audio.play(); }
    }
  }

  /* A validation message under a field is removed when the field loses focus (docassemble's
     jQuery validate checks again on focusout): the "Continue" button then moves up between the
     press and the release, and the click never happens. While a message is shown, pressing a
     button of the form keeps the focus where it is, so the click lands; the form is still checked
     when it is sent. Without a message nothing moves: the press stays docassemble's own. */
  function keepFocusOnPress(event) {
    if (event.button !== 0 || !event.target.closest) return;
    if (!event.target.closest("#daform button[type=submit], #daform input[type=submit]")) return;
    var shown = document.querySelectorAll("#daform .da-has-error, #daform .invalid-feedback");
    for (var i = 0; i < shown.length; i++) {
      if (shown[i].offsetParent !== null && (shown[i].textContent || "").trim()) { event.preventDefault(); return; }
    }
  }

  // The paperwork waiting screen (id paperwork-waiting) moves on as soon as the documents are
  // made: every 0.25 s it asks the address in its data-ready-url (a Redis lookup, no interview
  // run), and refreshes the screen once the answer is yes. The interval stops when the screen
  // changes. (A question's own script would need eval, which the CSP refuses.)
  var paperworkPoll = null, paperworkAsking = false;
  function pollPaperwork() {
    var waiting = document.getElementById("paperwork-waiting");
    if (paperworkPoll !== null || !waiting) return;
    var url = waiting.getAttribute("data-ready-url");
    paperworkPoll = window.setInterval(function () {
      if (!document.getElementById("paperwork-waiting")) {
        window.clearInterval(paperworkPoll);
        paperworkPoll = null;
        return;
      }
      if (paperworkAsking || !url || !window.fetch) return;
      paperworkAsking = true;
      window.fetch(url, { credentials: "same-origin", cache: "no-store" })
        .then(function (r) { return r.ok ? r.json() : { ready: false }; })
        .then(function (answer) {
          paperworkAsking = false;
          if (answer.ready && document.getElementById("paperwork-waiting")) {
            window.clearInterval(paperworkPoll);
            paperworkPoll = null;
            if (typeof window.daRefreshSubmit === "function") window.daRefreshSubmit();
            else window.location.reload();
          }
        }, function () { paperworkAsking = false; });
    }, 250);
  }

  function apply() {
    pollPaperwork();
    var p = page();
    if (!p) return;
    var lang = p.getAttribute("data-lang") || "fr", dir = p.getAttribute("data-dir") || "ltr";
    document.documentElement.setAttribute("lang", lang);
    document.documentElement.setAttribute("dir", dir);
    document.body.classList.toggle("pc-kiosk", kiosk());
    document.body.classList.toggle("pc-rtl", dir === "rtl");
    // docassemble puts aria-required on role="group" (not allowed there): the inputs carry it.
    var groups = document.querySelectorAll('[role="group"][aria-required]');
    for (var g = 0; g < groups.length; g++) groups[g].removeAttribute("aria-required");
    // docassemble writes some titles with json.dumps (the navbar's back: "Revenir \u00e0 la…"): decode them.
    var titled = document.querySelectorAll("[title*='\\\\u']");
    for (var t = 0; t < titled.length; t++) {
      titled[t].title = titled[t].title.replace(/\\u([0-9a-fA-F]{4})/g, function (m, hex) {
        return String.fromCharCode(parseInt(hex, 16));
      });
    }
    liveRegion();
    watchErrors();
    markErrors(document);
    if (kiosk()) {
      if (document.body.classList.contains("question-kiosk-language")) clearBrowser();  // a fresh start
      hideIdle();
      resetIdle();
    }
  }

  ["pointerdown", "keydown", "touchstart", "input", "wheel"].forEach(function (name) {
    document.addEventListener(name, resetIdle, { passive: true, capture: true });
  });
  document.addEventListener("click", onClick, true);
  document.addEventListener("mousedown", keepFocusOnPress, true);
  // Back/forward cache: never show a kiosk page restored from memory after a wipe.
  window.addEventListener("pageshow", function (e) { if (e.persisted && kiosk()) window.location.reload(); });
  if (window.jQuery) { window.jQuery(document).on("daPageLoad", apply); }
  if (document.readyState !== "loading") apply(); else document.addEventListener("DOMContentLoaded", apply);
  window.parcoursKiosk = { wipe: wipe, showIdle: showIdle };
})();
