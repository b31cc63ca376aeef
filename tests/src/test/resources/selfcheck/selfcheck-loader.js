/* Test-only loader for the parser self-check worker: #js or #wasm. */
'use strict';
(function () {
  var build = String(self.location.hash || '').replace('#', '');
  if (build === 'wasm') {
    importScripts('wasm-gc-runtime.min.js');
    self.TeaVM.wasmGC.load('parley-selfcheck.wasm').then(function (teavm) {
      self.parleyBuild = 'wasm';
      teavm.exports.main([]);
    }, function (e) { self.postMessage(JSON.stringify({ error: String(e) })); });
  } else {
    self.parleyBuild = 'js';
    importScripts('parley-selfcheck.js');
    self.main([]);
  }
})();
