/* parcours: the maraude's phone form. Works offline after one signed-in visit.
   Records are kept in IndexedDB encrypted with AES-GCM (WebCrypto) under the signed-in volunteer's
   key, a non-extractable CryptoKey made from what /api/key gives; the key is deleted at sign-out and
   when the server says nobody is signed in. Each record has an id made here, so sending it twice
   stores it once: it is sent at page load, when the network comes back, and every 30 s while some
   wait. Every text comes from the server's catalogue (/api/settings); data is written with
   textContent only. The geolocation API is never used. */
(function () {
  "use strict";

  var API = "api/";
  var DB_NAME = "parcours-outreach";
  var RETRY_MS = 30000;
  var KEEP_SENT_MS = 3 * 24 * 3600 * 1000; // the list of a round's sent records, then gone
  var state = {
    settings: null, lang: null, user: null, key: null, round: null, entries: [],
    syncing: false, access: "unknown", draft: null
  };
  var dbPromise = null;
  var enc = new TextEncoder(), dec = new TextDecoder();

  function $(id) { return document.getElementById(id); }
  function t(id, values) {
    var text = (state.settings && state.settings.texts["outreach." + id]) || "";
    Object.keys(values || {}).forEach(function (k) { text = text.split("{" + k + "}").join(String(values[k])); });
    return text;
  }

  /* ------------------------------------------------------------------ storage (IndexedDB) */
  function openDb() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var req = indexedDB.open(DB_NAME, 1);
        req.onupgradeneeded = function () {
          var db = req.result;
          db.createObjectStore("keys", { keyPath: "user" });
          db.createObjectStore("meta", { keyPath: "name" });
          db.createObjectStore("records", { keyPath: "id" });
        };
        req.onsuccess = function () { resolve(req.result); };
        req.onerror = function () { reject(req.error); };
      });
    }
    return dbPromise;
  }
  function run(store, mode, action) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(store, mode), result;
        var req = action(tx.objectStore(store));
        if (req) req.onsuccess = function () { result = req.result; };
        tx.oncomplete = function () { resolve(result); };
        tx.onerror = function () { reject(tx.error); };
        tx.onabort = function () { reject(tx.error); };
      });
    });
  }
  function get(store, key) { return run(store, "readonly", function (s) { return s.get(key); }); }
  function put(store, value) { return run(store, "readwrite", function (s) { return s.put(value); }); }
  function del(store, key) { return run(store, "readwrite", function (s) { return s.delete(key); }); }
  function all(store) { return run(store, "readonly", function (s) { return s.getAll(); }); }
  function clear(store) { return run(store, "readwrite", function (s) { return s.clear(); }); }

  /* ------------------------------------------------------------------ encryption (WebCrypto) */
  function encrypt(value) {
    var iv = crypto.getRandomValues(new Uint8Array(12));
    var data = enc.encode(JSON.stringify(value));
    return crypto.subtle.encrypt({ name: "AES-GCM", iv: iv, additionalData: enc.encode(state.user) }, state.key, data)
      .then(function (sealed) { return { iv: iv, data: sealed }; });
  }
  function decrypt(box) {
    return crypto.subtle.decrypt({ name: "AES-GCM", iv: box.iv, additionalData: enc.encode(state.user) }, state.key, box.data)
      .then(function (plain) { return JSON.parse(dec.decode(plain)); });
  }
  function fromBase64(text) {
    var raw = atob(text), out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }
  function newId() {
    if (crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  /* ------------------------------------------------------------------ the volunteer's key */
  function wipeKeys() {
    state.key = null; state.user = null;
    return Promise.all([clear("keys"), del("meta", "current")]);
  }
  function fetchKey() {
    return fetch(API + "key", { headers: { "X-Parcours-Outreach": "1" }, credentials: "same-origin", cache: "no-store" })
      .then(function (r) {
        if (r.status === 401 || r.status === 403) {
          state.access = r.status === 401 ? "signin" : "forbidden";
          return wipeKeys().then(function () { return false; });
        }
        if (!r.ok) throw new Error("key " + r.status);
        return r.json().then(function (j) {
          return crypto.subtle.importKey("raw", fromBase64(j.key), { name: "AES-GCM" }, false, ["encrypt", "decrypt"])
            .then(function (key) {
              state.user = j.user; state.key = key; state.access = "ok";
              return Promise.all([put("keys", { user: j.user, key: key }), put("meta", { name: "current", user: j.user })]);
            })
            .then(function () { return true; });
        });
      });
  }
  function storedKey() {
    return get("meta", "current").then(function (cur) {
      if (!cur) return false;
      return get("keys", cur.user).then(function (k) {
        if (!k) return false;
        state.user = k.user; state.key = k.key; state.access = "ok";
        return true;
      });
    });
  }

  /* ------------------------------------------------------------------ settings (texts, choices) */
  function chooseLang() {
    var saved = localStorage.getItem("parcours-outreach-lang");
    if (saved) return saved;
    var nav = (navigator.language || "fr").toLowerCase().split("-")[0];
    return nav === "fa" ? "prs" : nav;
  }
  function loadSettings(lang) {
    var fromServer = navigator.onLine
      ? fetch(API + "settings?lang=" + encodeURIComponent(lang), { credentials: "same-origin" }).then(function (r) {
          if (r.status === 401 || r.status === 403) {
            // Signed out: the page's words only, to say so (never kept).
            state.access = r.status === 401 ? "signin" : "forbidden";
            return r.json();
          }
          if (!r.ok) throw new Error("settings " + r.status);
          return r.json().then(function (s) { return put("meta", { name: "settings:" + s.lang, value: s }).then(function () { return s; }); });
        })
      : Promise.reject(new Error("offline"));
    return fromServer.catch(function () { return storedSettings(lang); });
  }
  function storedSettings(lang) {
    return get("meta", "settings:" + lang).then(function (m) {
      if (m) return m.value;
      return all("meta").then(function (items) {
        var any = items.filter(function (i) { return i.name.indexOf("settings:") === 0; })[0];
        return any ? any.value : null;
      });
    });
  }
  function applySettings(s) {
    state.settings = s;
    state.lang = s.lang;
    document.documentElement.lang = s.lang;
    document.documentElement.dir = s.dir;
    document.title = t("title");
    var texts = {
      "title": "title", "lang-label": "language", "sign-out": "sign_out", "signin-link": "sign_in.link",
      "round-title": "round.title", "intro": "intro", "date-label": "field.date", "team-label": "field.team",
      "place-label": "field.place", "round-start": "round.start", "round-change": "round.change",
      "record-title": "record.title", "people-label": "field.people", "languages-label": "field.languages",
      "needs-label": "field.needs", "flags-label": "field.flags", "procedures-label": "field.procedures",
      "procedure-choice-label": "procedure.none", "procedure-date-label": "field.procedure_date",
      "procedure-add": "procedure.add", "notes-label": "field.notes", "notes-hint": "notes.hint",
      "record-save": "record.save", "list-title": "list.title", "list-empty": "list.empty", "sync-now": "sync.now",
      "consent-legend": "field.consent", "consent-label": "consent.label", "card-new": "card.new",
      "card-existing-label": "card.existing", "card-use": "card.use", "card-remove": "card.remove"
    };
    Object.keys(texts).forEach(function (id) { $(id).textContent = t(texts[id]); });
    $("people-less").setAttribute("aria-label", t("people.less"));
    $("people-more").setAttribute("aria-label", t("people.more"));
    $("round-team").maxLength = s.limits.team;
    $("notes").maxLength = s.limits.notes;
    var langs = $("lang");
    langs.textContent = "";
    s.languages.forEach(function (l) {
      if (l.id === "other") return;
      var o = document.createElement("option");
      o.value = l.id; o.textContent = l.label; o.lang = l.id;
      langs.appendChild(o);
    });
    langs.value = s.lang;
    var places = $("round-place"), chosen = places.value;
    places.textContent = "";
    var none = document.createElement("option");
    none.value = ""; none.textContent = t("place.choose");
    places.appendChild(none);
    s.places.forEach(function (p) {
      var o = document.createElement("option");
      o.value = p.id; o.textContent = p.name;
      places.appendChild(o);
    });
    places.value = chosen;
  }

  /* ------------------------------------------------------------------ screens */
  function show(id) {
    ["loading", "signin", "round", "record", "list"].forEach(function (s) { $(s).hidden = s !== id && !(id === "record" && s === "list"); });
  }
  function notice(text, bad) {
    var n = $("notice");
    n.textContent = text || "";
    n.hidden = !text;
    n.className = "notice" + (bad ? " bad" : "");
  }
  function network() {
    var n = $("network");
    n.textContent = navigator.onLine ? t("online") : t("offline");
    n.className = "network" + (navigator.onLine ? "" : " off");
  }
  function place() {
    var id = state.round && state.round.place;
    return state.settings.places.filter(function (p) { return p.id === id; })[0] || null;
  }
  function today() {
    var d = new Date();
    return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
  }
  function newDraft() {
    return { people: 1, languages: [], needs: [], flags: [], procedures: [], notes: "", consent: false, code: null };
  }

  /* ------------------------------------------------------------------ the person's card
     Made here, offline: 7 random characters and a check character, as parcours.outreach makes
     them (the weighted sum of the 8 values, weights 1 to 8, is a multiple of 31). */
  var CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  function normaliseCode(text) { return String(text || "").toUpperCase().replace(/[^0-9A-Z]/g, ""); }
  function checkChar(body) {
    var total = 0;
    for (var i = 0; i < body.length; i++) total += (i + 1) * CODE_ALPHABET.indexOf(body[i]);
    // 8 * 4 = 32 = 1 (mod 31): the inverse of the check's weight 8 is 4.
    return CODE_ALPHABET[(((-total * 4) % 31) + 31) % 31];
  }
  function newCode() {
    var body = "";
    while (body.length < 7) {
      var v = crypto.getRandomValues(new Uint8Array(1))[0];
      if (v < 248) body += CODE_ALPHABET[v % 31]; // 248 = 8 * 31: no value more likely than another
    }
    return body.slice(0, 4) + "-" + body.slice(4) + checkChar(body);
  }
  function codeProblem(text) {
    var code = normaliseCode(text);
    if (code.length !== 8) return "code_format";
    for (var i = 0; i < 8; i++) if (CODE_ALPHABET.indexOf(code[i]) < 0) return "code_format";
    return checkChar(code.slice(0, 7)) === code[7] ? null : "code_mistyped";
  }
  window.parcoursCode = { check: checkChar, problem: codeProblem, make: newCode };

  function render() {
    if (!state.settings) return;
    network();
    $("sign-out").hidden = !state.key;
    if (!state.key) {
      show("signin");
      // Records waiting (closing the browser signs the volunteer out): they go once signed in again.
      $("signin-text").textContent = state.access === "forbidden" ? t("not_allowed") : t(state.waiting ? "error.sign_in" : "sign_in");
      $("signin-link").hidden = state.access === "forbidden";
      return;
    }
    if (!state.round || !place()) {
      var fresh = $("round").hidden; // a second drawing keeps what is being typed
      show("round");
      if (fresh || !$("round-date").value) {
        $("round-date").value = (state.round && state.round.date) || today();
        $("round-team").value = (state.round && state.round.team) || "";
        $("round-place").value = (state.round && state.round.place) || "";
      }
      return;
    }
    show("record");
    renderRecordForm();
    renderList();
  }

  function checkboxes(container, items, chosen, name) {
    container.textContent = "";
    items.forEach(function (item) {
      var label = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox"; box.name = name; box.value = item.id;
      box.checked = chosen.indexOf(item.id) >= 0;
      box.addEventListener("change", function () {
        var list = state.draft[name], at = list.indexOf(item.id);
        if (box.checked && at < 0) list.push(item.id);
        if (!box.checked && at >= 0) list.splice(at, 1);
        if (name === "languages") renderCard(); // the card speaks the person's language
      });
      var text = document.createElement("span");
      text.textContent = item.label;
      if (name === "languages" && item.id !== "other") { text.lang = item.id; text.dir = "auto"; }
      label.appendChild(box); label.appendChild(text);
      container.appendChild(label);
    });
  }
  function jurisdiction() { return state.settings.jurisdictions[place().jurisdiction]; }
  function procedureLabel(id) {
    var p = jurisdiction().procedures.filter(function (x) { return x.id === id; })[0];
    return p ? p.label : "";
  }
  function renderRecordForm() {
    var d = state.draft, p = place();
    var day = new Date(state.round.date + "T12:00:00").toLocaleDateString(state.lang, { day: "numeric", month: "long", year: "numeric" });
    $("round-summary").textContent = [p.name, day, state.round.team].filter(Boolean).join(" · ");
    $("people").textContent = String(d.people);
    checkboxes($("languages"), state.settings.languages, d.languages, "languages");
    checkboxes($("needs"), jurisdiction().needs, d.needs, "needs");
    checkboxes($("flags"), state.settings.flags, d.flags, "flags");
    var select = $("procedure-choice");
    select.textContent = "";
    var none = document.createElement("option");
    none.value = ""; none.textContent = t("procedure.none");
    select.appendChild(none);
    jurisdiction().procedures.forEach(function (x) {
      var o = document.createElement("option");
      o.value = x.id; o.textContent = x.label;
      select.appendChild(o);
    });
    var list = $("procedure-list");
    list.textContent = "";
    d.procedures.forEach(function (x, i) {
      var li = document.createElement("li");
      var text = document.createElement("span");
      text.textContent = procedureLabel(x.id) + (x.date ? " — " + x.date : "");
      var remove = document.createElement("button");
      remove.type = "button"; remove.className = "link"; remove.textContent = t("procedure.remove");
      remove.addEventListener("click", function () { d.procedures.splice(i, 1); renderRecordForm(); });
      li.appendChild(text); li.appendChild(remove);
      list.appendChild(li);
    });
    $("notes").value = d.notes;
    renderCard();
  }
  function renderCard() {
    var d = state.draft;
    $("consent").checked = !!d.consent;
    $("card-actions").hidden = !d.consent || !!d.code;
    $("card").hidden = !d.code;
    if (!d.code) return;
    // The card speaks to the person: in the languages ticked (those parcours has), else the page's.
    var langs = d.languages.filter(function (l) { return state.settings.cards && state.settings.cards[l]; }).slice(0, 2);
    if (!langs.length) langs = [state.lang];
    var box = $("card-texts");
    box.textContent = "";
    langs.forEach(function (l) {
      var words = state.settings.cards[l], p = document.createElement("p");
      p.className = "card-lang"; p.lang = l; p.dir = words.dir;
      var title = document.createElement("strong");
      title.textContent = words.title;
      p.appendChild(title);
      p.appendChild(document.createTextNode(words.text));
      box.appendChild(p);
    });
    $("card-code").textContent = d.code;
    var qr = $("card-qr"), drawn = window.parcoursQR && parcoursQR.svg(d.code, state.settings.cards[langs[0]].qr);
    qr.textContent = "";
    if (drawn) qr.appendChild(drawn);
  }

  function renderList() {
    var mine = state.entries.filter(function (e) { return e.user === state.user; });
    mine.sort(function (a, b) { return b.saved - a.saved; });
    var ol = $("records");
    ol.textContent = "";
    var pending = 0;
    mine.forEach(function (e) {
      if (e.state === "phone") pending++;
      var li = document.createElement("li");
      li.setAttribute("data-id", e.id);
      var what = document.createElement("span");
      what.className = "what";
      var shown = e.shown || {};
      var needs = (shown.needs || []).map(function (n) {
        var found = place() && jurisdiction().needs.filter(function (x) { return x.id === n; })[0];
        return found ? found.label : "";
      }).filter(Boolean);
      var time = new Date(e.saved).toLocaleTimeString(state.lang, { hour: "2-digit", minute: "2-digit" });
      what.textContent = time + " · " + t("list.summary", { count: shown.people || "?" }) + (needs.length ? " · " + needs.join(", ") : "");
      if (shown.code) {
        var code = document.createElement("bdi");
        code.className = "code"; code.textContent = " · " + shown.code;
        what.appendChild(code);
      }
      var badge = document.createElement("span");
      badge.className = "state";
      badge.setAttribute("data-state", e.state);
      badge.textContent = t("state." + e.state);
      li.appendChild(what); li.appendChild(badge);
      if (e.state === "refused" && e.message) {
        var why = document.createElement("span");
        why.className = "why"; why.textContent = e.message;
        li.appendChild(why);
      }
      ol.appendChild(li);
    });
    $("list-empty").hidden = mine.length > 0;
    $("pending").textContent = pending ? t("sync.pending", { count: pending }) : (mine.length ? t("sync.done") : "");
    $("pending").setAttribute("data-pending", String(pending));
    $("sync-now").hidden = !pending || !navigator.onLine;
  }

  /* ------------------------------------------------------------------ records */
  function loadEntries() {
    return all("records").then(function (entries) {
      var now = Date.now(), keep = [];
      var gone = entries.filter(function (e) { return e.state === "sent" && now - e.saved > KEEP_SENT_MS; });
      return Promise.all(gone.map(function (e) { return del("records", e.id); })).then(function () {
        var mine = entries.filter(function (e) { return gone.indexOf(e) < 0; });
        return Promise.all(mine.map(function (e) {
          if (e.user !== state.user || !state.key) { keep.push(e); return null; }
          return decrypt(e).then(function (value) { e.shown = summary(value); keep.push(e); }, function () { keep.push(e); });
        }));
      }).then(function () { state.entries = keep; });
    });
  }
  function summary(value) {
    return { people: value.people, needs: value.needs || [], flags: value.flags || [], code: value.code || null };
  }
  function loadRound() {
    return get("meta", "round:" + state.user).then(function (box) {
      if (!box) { state.round = null; return; }
      return decrypt(box).then(function (r) { state.round = r; }, function () { state.round = null; });
    });
  }

  function saveRecord(event) {
    event.preventDefault();
    var d = state.draft;
    d.notes = $("notes").value;
    if (d.notes.length > state.settings.limits.notes) {
      $("record-error").textContent = t("error.too_long", { field: t("field.notes"), max: state.settings.limits.notes });
      $("record-error").hidden = false;
      return;
    }
    $("record-error").hidden = true;
    var value = {
      id: newId(),
      round: { date: state.round.date, team: state.round.team, place: state.round.place },
      people: d.people, languages: d.languages.slice(), needs: d.needs.slice(), flags: d.flags.slice(),
      procedures: d.procedures.slice(), notes: d.notes, captured_at: new Date().toISOString(),
      consent: !!d.consent, code: d.consent && d.code ? d.code : null
    };
    return encrypt(value).then(function (box) {
      var entry = { id: value.id, user: state.user, state: "phone", saved: Date.now(), iv: box.iv, data: box.data };
      return put("records", entry).then(function () {
        entry.shown = summary(value);
        state.entries.push(entry);
        state.draft = newDraft();
        notice(t("record.saved"));
        render();
        window.scrollTo(0, 0);
        sync();
      });
    }).catch(function () { notice(t("storage"), true); });
  }

  /* Send what waits, one record at a time. A record leaves the "on the phone" state only when the
     server said it has it (201 stored or 200 already there): a lost answer means one more send,
     which the server recognises by the id. */
  function sync() {
    if (state.syncing || !state.key || !navigator.onLine) return Promise.resolve();
    state.syncing = true;
    var waiting = state.entries.filter(function (e) { return e.user === state.user && e.state === "phone"; });
    var chain = Promise.resolve(true);
    waiting.forEach(function (e) {
      chain = chain.then(function (goOn) { return goOn && sendOne(e); });
    });
    return chain.catch(function () { return false; }).then(function () {
      state.syncing = false;
      if (state.settings && state.key && state.round) renderList();
    });
  }
  function sendOne(e) {
    return decrypt(e).then(function (value) {
      return fetch(API + "records", {
        method: "POST", credentials: "same-origin", cache: "no-store",
        headers: { "Content-Type": "application/json", "X-Parcours-Outreach": "1", "X-Parcours-Lang": state.lang || "fr" },
        body: JSON.stringify(value)
      }).then(function (r) {
        if (r.status === 200 || r.status === 201) {
          // Once sent, the phone keeps a summary for the list (no notes, no procedures).
          return encrypt(summary(value)).then(function (box) {
            e.state = "sent"; e.iv = box.iv; e.data = box.data;
            return put("records", stripped(e)).then(function () { return true; });
          });
        }
        if (r.status === 401 || r.status === 403) {
          notice(t("error.sign_in"), true);
          return false;
        }
        if (r.status === 400 || r.status === 413) {
          return r.json().then(function (j) {
            e.state = "refused"; e.message = String(j.message || "");
            return put("records", stripped(e)).then(function () { return true; });
          });
        }
        return false; // the server is unwell: try again later
      });
    });
  }
  function stripped(e) {
    var out = { id: e.id, user: e.user, state: e.state, saved: e.saved, iv: e.iv, data: e.data };
    if (e.message) out.message = e.message;
    return out;
  }

  /* ------------------------------------------------------------------ events */
  function wire() {
    $("lang").addEventListener("change", function () {
      var lang = $("lang").value;
      localStorage.setItem("parcours-outreach-lang", lang);
      loadSettings(lang).then(function (s) { if (s) { applySettings(s); render(); } });
    });
    $("round-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var round = { date: $("round-date").value, team: $("round-team").value.trim(), place: $("round-place").value };
      var missing = !round.place ? "field.place" : (!round.date ? "field.date" : null);
      if (missing) {
        $("round-error").textContent = t("error.missing", { field: t(missing) });
        $("round-error").hidden = false;
        return;
      }
      $("round-error").hidden = true;
      encrypt(round).then(function (box) {
        return put("meta", { name: "round:" + state.user, iv: box.iv, data: box.data });
      }).then(function () { state.round = round; notice(""); render(); }, function () { notice(t("storage"), true); });
    });
    $("round-change").addEventListener("click", function () {
      del("meta", "round:" + state.user).then(function () { state.round = null; render(); });
    });
    $("people-less").addEventListener("click", function () {
      state.draft.people = Math.max(1, state.draft.people - 1);
      $("people").textContent = String(state.draft.people);
    });
    $("people-more").addEventListener("click", function () {
      state.draft.people = Math.min(state.settings.limits.people, state.draft.people + 1);
      $("people").textContent = String(state.draft.people);
    });
    $("notes").addEventListener("input", function () { state.draft.notes = $("notes").value; });
    $("procedure-add").addEventListener("click", function () {
      var id = $("procedure-choice").value, date = $("procedure-date").value;
      if (!id) return;
      var d = state.draft;
      if (d.procedures.length >= state.settings.limits.procedures) return;
      d.procedures = d.procedures.filter(function (x) { return x.id !== id; });
      d.procedures.push({ id: id, date: date || null });
      $("procedure-date").value = "";
      d.notes = $("notes").value;
      renderRecordForm();
    });
    $("record-form").addEventListener("submit", saveRecord);
    $("consent").addEventListener("change", function () {
      state.draft.consent = $("consent").checked;
      if (!state.draft.consent) state.draft.code = null; // no consent, no card
      $("card-error").hidden = true;
      renderCard();
    });
    $("card-new").addEventListener("click", function () { state.draft.code = newCode(); renderCard(); });
    $("card-use").addEventListener("click", function () {
      // A repeat encounter: the person shows the card they have; the record links to its code.
      var typed = $("card-existing").value, problem = codeProblem(typed);
      if (problem) {
        $("card-error").textContent = t("error." + problem, { field: t("field.code") });
        $("card-error").hidden = false;
        return;
      }
      var code = normaliseCode(typed);
      state.draft.code = code.slice(0, 4) + "-" + code.slice(4);
      $("card-existing").value = "";
      $("card-error").hidden = true;
      renderCard();
    });
    $("card-remove").addEventListener("click", function () { state.draft.code = null; renderCard(); });
    $("sync-now").addEventListener("click", function () { sync(); });
    $("sign-out").addEventListener("click", function () {
      // The key goes; the records stay encrypted until the same volunteer signs in again.
      var caches_ = window.caches ? caches.keys().then(function (names) {
        return Promise.all(names.map(function (n) { return caches.delete(n); }));
      }) : Promise.resolve();
      Promise.all([wipeKeys(), caches_]).then(function () { window.location.href = "/user/sign-out"; });
    });
    window.addEventListener("online", function () { network(); start(); });
    window.addEventListener("offline", function () { network(); renderList(); });
    window.setInterval(function () { if (navigator.onLine) sync(); }, RETRY_MS);
  }

  function draw(s) {
    if (!s) return Promise.resolve(); // never opened with the network: the browser said so
    applySettings(s);
    if (!state.key) {
      return all("records").then(function (entries) {
        state.waiting = entries.some(function (e) { return e.state === "phone"; });
        render();
      });
    }
    return loadRound().then(loadEntries).then(function () {
      if (!state.draft) state.draft = newDraft();
      render();
    });
  }

  /* First what the phone holds, so the form opens at once even on a slow network; then the
     network's answer: the key again (or that nobody is signed in any more), fresh words, sending. */
  function start() {
    var lang = state.lang || chooseLang();
    return storedKey().then(function () { return storedSettings(lang); }).then(draw).then(function () {
      if (!navigator.onLine) return;
      // Both at once: on a slow network each question costs a round trip of seconds.
      return Promise.all([fetchKey().catch(function () { return null; }), loadSettings(lang)])
        .then(function (got) { return draw(got[1]); }).then(sync);
    }).catch(function () { notice(t("storage"), true); });
  }

  function boot() {
    if (!window.indexedDB || !window.crypto || !crypto.subtle) {
      // Nothing can be kept safely here: say so, in the volunteer's language, and keep nothing.
      fetch(API + "settings?lang=" + encodeURIComponent(chooseLang()), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (s) { applySettings(s); $("loading").hidden = true; notice(t("storage"), true); });
      return;
    }
    wire();
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.register("sw.js", { scope: "./" }).catch(function () { /* works online without it */ });
    }
    start();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
})();
