/* parcours: a QR code for the outreach card, drawn on the phone with no network and no library.
   The smallest symbol is enough: version 1 (21 x 21), error correction M, alphanumeric mode
   (the card's code is upper-case letters, digits and a dash), mask 0. Readers accept any mask;
   tests/journeys/test_outreach_card.py compares the modules with the Python qrcode package's. */
(function () {
  "use strict";
  var SIZE = 21, DATA_CODEWORDS = 16, EC_CODEWORDS = 10;
  var ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
  var EXP = [], LOG = [];
  (function () {
    var x = 1;
    for (var i = 0; i < 255; i++) { EXP[i] = x; LOG[x] = i; x <<= 1; if (x & 256) x ^= 0x11d; }
    for (i = 255; i < 512; i++) EXP[i] = EXP[i - 255];
  })();
  function mul(a, b) { return a && b ? EXP[LOG[a] + LOG[b]] : 0; }
  function zeros(n) { var out = []; for (var i = 0; i < n; i++) out.push(0); return out; }

  function errorCorrection(data) {
    var gen = [1];
    for (var i = 0; i < EC_CODEWORDS; i++) {
      var next = zeros(gen.length + 1);
      for (var j = 0; j < gen.length; j++) { next[j] ^= gen[j]; next[j + 1] ^= mul(gen[j], EXP[i]); }
      gen = next;
    }
    var rem = data.concat(zeros(EC_CODEWORDS));
    for (i = 0; i < data.length; i++) {
      var f = rem[i];
      if (f) for (j = 0; j < gen.length; j++) rem[i + j] ^= mul(gen[j], f);
    }
    return rem.slice(data.length);
  }

  function codewords(text) {
    var bits = [];
    function push(value, n) { for (var i = n - 1; i >= 0; i--) bits.push((value >>> i) & 1); }
    push(2, 4); // alphanumeric mode
    push(text.length, 9);
    for (var i = 0; i + 1 < text.length; i += 2) push(45 * ALNUM.indexOf(text[i]) + ALNUM.indexOf(text[i + 1]), 11);
    if (text.length % 2) push(ALNUM.indexOf(text[text.length - 1]), 6);
    var capacity = DATA_CODEWORDS * 8;
    push(0, Math.min(4, capacity - bits.length));
    while (bits.length % 8) bits.push(0);
    var data = [];
    for (i = 0; i < bits.length; i += 8) data.push(parseInt(bits.slice(i, i + 8).join(""), 2));
    for (var pad = 0; data.length < DATA_CODEWORDS; pad++) data.push(pad % 2 ? 0x11 : 0xec);
    return data.concat(errorCorrection(data));
  }

  /* The modules, row by row (true = dark), or null for a text this symbol cannot hold. */
  function matrix(text) {
    if (typeof text !== "string" || text.length > 20) return null;
    for (var k = 0; k < text.length; k++) if (ALNUM.indexOf(text[k]) < 0) return null;
    var m = [], fixed = [];
    for (var r = 0; r < SIZE; r++) { m.push(zeros(SIZE).map(function () { return false; })); fixed.push(zeros(SIZE).map(function () { return false; })); }
    function set(row, col, dark) { m[row][col] = dark; fixed[row][col] = true; }
    [[0, 0], [0, SIZE - 7], [SIZE - 7, 0]].forEach(function (at) {
      for (var dr = -1; dr <= 7; dr++) for (var dc = -1; dc <= 7; dc++) {
        var row = at[0] + dr, col = at[1] + dc;
        if (row < 0 || col < 0 || row >= SIZE || col >= SIZE) continue;
        var ring = Math.max(Math.abs(dr - 3), Math.abs(dc - 3));
        set(row, col, ring !== 2 && ring !== 4); // 3 x 3 centre and outer ring dark; separator light
      }
    });
    for (var i = 8; i < SIZE - 8; i++) { set(6, i, i % 2 === 0); set(i, 6, i % 2 === 0); }
    // Format information: level M (00), mask 0, with its BCH bits, in its two copies.
    var data = 0, rem = data;
    for (i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
    var format = ((data << 10) | rem) ^ 0x5412;
    function bit(n) { return ((format >>> n) & 1) === 1; }
    for (i = 0; i <= 5; i++) set(i, 8, bit(i));
    set(7, 8, bit(6)); set(8, 8, bit(7)); set(8, 7, bit(8));
    for (i = 9; i < 15; i++) set(8, 14 - i, bit(i));
    for (i = 0; i < 8; i++) set(8, SIZE - 1 - i, bit(i));
    for (i = 8; i < 15; i++) set(SIZE - 15 + i, 8, bit(i));
    set(SIZE - 8, 8, true); // the dark module
    var words = codewords(text), n = 0, total = words.length * 8, upward = true;
    for (var right = SIZE - 1; right >= 1; right -= 2) {
      if (right === 6) right = 5;
      for (var v = 0; v < SIZE; v++) {
        for (var j = 0; j < 2; j++) {
          var col = right - j, row = upward ? SIZE - 1 - v : v;
          if (fixed[row][col]) continue;
          var dark = n < total ? ((words[n >>> 3] >>> (7 - (n & 7))) & 1) === 1 : false;
          n++;
          m[row][col] = dark !== ((row + col) % 2 === 0); // mask 0
        }
      }
      upward = !upward;
    }
    return m;
  }

  /* An SVG element (built node by node: no markup parsed) with a 4-module quiet zone. */
  function svg(text, label) {
    var m = matrix(text);
    if (!m) return null;
    var NS = "http://www.w3.org/2000/svg", full = SIZE + 8;
    var out = document.createElementNS(NS, "svg");
    out.setAttribute("viewBox", "0 0 " + full + " " + full);
    out.setAttribute("role", "img");
    out.setAttribute("shape-rendering", "crispEdges");
    var title = document.createElementNS(NS, "title");
    title.textContent = label || "";
    out.appendChild(title);
    var back = document.createElementNS(NS, "rect");
    back.setAttribute("width", String(full)); back.setAttribute("height", String(full)); back.setAttribute("fill", "#fff");
    out.appendChild(back);
    var d = [];
    for (var r = 0; r < SIZE; r++) for (var c = 0; c < SIZE; c++) if (m[r][c]) d.push("M" + (c + 4) + " " + (r + 4) + "h1v1h-1z");
    var path = document.createElementNS(NS, "path");
    path.setAttribute("d", d.join(""));
    path.setAttribute("fill", "#000");
    out.appendChild(path);
    return out;
  }

  window.parcoursQR = { matrix: matrix, svg: svg };
})();
