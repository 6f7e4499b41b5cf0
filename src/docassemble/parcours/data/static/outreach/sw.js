/* parcours: the maraude page's service worker. It keeps the page's own files (and parcours's
   Arabic and Ethiopic fonts) so the form opens with no network, and the form's settings (texts and
   choices: no personal data) for the same reason. It never keeps the key or a record: /api/key and
   /api/records always go to the network. */
"use strict";
var CACHE = "parcours-outreach-2";
var FONTS = "/packagestatic/docassemble.parcours/fonts/";
var SHELL = [
  "./", "app.js", "qr.js", "app.css", "manifest.webmanifest", "icon.svg",
  FONTS + "parcours-arabic-400.woff2", FONTS + "parcours-arabic-700.woff2",
  FONTS + "parcours-ethiopic-400.woff2", FONTS + "parcours-ethiopic-700.woff2"
];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (c) { return c.addAll(SHELL); }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n !== CACHE; }).map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

function fromNetwork(request) {
  return fetch(request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      caches.open(CACHE).then(function (c) { c.put(request, copy); });
    }
    return response;
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  var scope = new URL("./", self.location.href).pathname;
  if (url.pathname === scope + "api/settings") {
    // Settings: the network's when it answers, else the last copy.
    event.respondWith(fromNetwork(request).catch(function () { return caches.match(request); }));
    return;
  }
  if (url.pathname.indexOf(scope + "api/") === 0) return; // key and records: never from a cache
  if (url.pathname.indexOf(scope) === 0 || url.pathname.indexOf(FONTS) === 0) {
    // The page's files: at once from the cache (a slow network does not delay the form), refreshed
    // in the background for the next visit.
    event.respondWith(caches.match(request, { ignoreSearch: true }).then(function (cached) {
      var fresh = fromNetwork(request).catch(function () { return cached; });
      return cached || fresh;
    }));
  }
});
