/* Shared by the page and the ltx worker: the timed loops. Requests/replies are the self-check worker's JSON:
   {"t":"bench","stanzas":[...],"rounds":n} -> {"ms":x,"stanzas":n}. Timing with performance.now() around the
   loop only (the JSON decoding of the request is not timed), exactly as SelfCheckMain does. */
'use strict';
self.parleyBench = {
  /* ltx's default parser (ltx.parse: its own SAX parser building ltx Elements), one document per stanza. */
  ltx: function (stanzas, rounds) {
    var parse = self.ltx.parse, n = 0, t0 = performance.now();
    for (var r = 0; r < rounds; r++) {
      for (var i = 0; i < stanzas.length; i++) {
        if (parse(stanzas[i])) n++;
      }
    }
    return { ms: performance.now() - t0, stanzas: n };
  },
  /* The browser's XML parser: one XMLDocument per stanza (main thread only: there is no DOMParser in workers). */
  dom: function (stanzas, rounds) {
    var p = new DOMParser(), n = 0, t0 = performance.now();
    for (var r = 0; r < rounds; r++) {
      for (var i = 0; i < stanzas.length; i++) {
        if (p.parseFromString(stanzas[i], 'application/xml').documentElement) n++;
      }
    }
    return { ms: performance.now() - t0, stanzas: n };
  },
  handle: function (json) {
    var req = JSON.parse(json);
    try {
      return JSON.stringify(self.parleyBench[req.engine || 'ltx'](req.stanzas, req.rounds));
    } catch (e) {
      return JSON.stringify({ error: String(e) });
    }
  }
};
