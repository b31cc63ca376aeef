/* Page side: starts the workers and runs a measurement in a worker or on this page's main thread. */
'use strict';
(function () {
  var workers = {};
  window.benchStart = function (name, url) {
    return new Promise(function (resolve, reject) {
      var w = new Worker(url);
      w.onmessage = function (e) {
        var m = JSON.parse(e.data);
        if (m.ready) { workers[name] = w; resolve(m.ready); } else { reject(m.error); }
      };
      w.onerror = function (e) { reject(e.message || 'worker error'); };
    });
  };
  window.benchWorker = function (name, request) {
    return new Promise(function (resolve) {
      var w = workers[name];
      w.onmessage = function (e) { resolve(e.data); };
      w.postMessage(request);
    });
  };
  /* engine: 'ltx' or 'dom'. The stanzas arrive as JSON like the workers' requests; decoding is not timed. */
  window.benchMain = function (engine, request) {
    var req = JSON.parse(request);
    req.engine = engine;
    return self.parleyBench.handle(JSON.stringify(req));
  };
  /* Correctness check before timing: every stanza parses in ltx and DOMParser without error. */
  window.benchCheck = function (request) {
    var req = JSON.parse(request), bad = [];
    var p = new DOMParser();
    req.stanzas.forEach(function (s, i) {
      try { self.ltx.parse(s); } catch (e) { bad.push('ltx #' + i + ': ' + e); }
      var d = p.parseFromString(s, 'application/xml');
      if (d.getElementsByTagNameNS('*', 'parsererror').length) bad.push('DOMParser #' + i + ': parsererror');
    });
    return bad.join('\n');
  };
})();
