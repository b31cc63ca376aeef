/* Parley worker loader: starts the Wasm-GC build where the browser runs it, else the JavaScript build.
   The build is chosen by the URL fragment: #auto (default), #js or #wasm (the worker_build setting). */
'use strict';
(function () {
  var want = String(self.location.hash || '').replace('#', '') || 'auto';
  var allowed = ['parley-worker.js', 'wasm-jsbody.js', 'wasm-no-eval.js', 'wasm-gc-runtime.min.js'];
  var policy = self.trustedTypes ? self.trustedTypes.createPolicy('parley-loader', {
    createScriptURL: function (u) {
      if (allowed.indexOf(u) >= 0) return u;
      throw new TypeError('Parley: refused to load ' + u);
    }
  }) : null;
  function load(u) { importScripts(policy ? policy.createScriptURL(u) : u); }
  function fail(text) { self.postMessage(JSON.stringify({ v: 1, t: 'error', text: text })); }
  function startJs() { self.parleyBuild = 'js'; load('parley-worker.js'); self.main([]); }
  if (want === 'js') { startJs(); return; }
  if (typeof WebAssembly !== 'object') {
    if (want === 'wasm') fail('this browser has no WebAssembly; use worker_build "js" or "auto"');
    else startJs();
    return;
  }
  // TeaVM's Wasm-GC runtime, without eval: its glue comes precompiled (wasm-no-eval.js explains).
  load('wasm-jsbody.js');
  load('wasm-no-eval.js');
  load('wasm-gc-runtime.min.js');
  self.TeaVM.wasmGC.load('parley-worker.wasm').then(function (teavm) {
    self.parleyBuild = 'wasm';
    teavm.exports.main([]);
  }, function (e) {
    if (want === 'wasm') fail('the WebAssembly-GC build failed to load: ' + e);
    else startJs();
  });
})();
