/* The ltx side of the benchmark in a dedicated worker, answering the same messages as the self-check worker. */
'use strict';
importScripts('ltx.min.js', 'bench-common.js');
self.onmessage = function (e) { self.postMessage(self.parleyBench.handle(e.data)); };
self.postMessage(JSON.stringify({ ready: 'ltx' }));
