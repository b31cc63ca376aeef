package im.parley.browser;

import im.parley.store.CacheCrypto;
import im.parley.store.Callback;
import im.parley.store.StoreBackend;
import java.util.ArrayList;
import java.util.List;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;

/**
 * {@link StoreBackend} on the worker's IndexedDB. Keys are binary (Uint8Array in, ArrayBuffer out, ordered
 * bytewise by IndexedDB itself); values are Uint8Arrays, except in the {@code keys} store, which holds
 * non-extractable {@code CryptoKey} objects (structured-cloned, never exported).
 */
public final class IndexedDbBackend implements StoreBackend {
    private JSObject db;

    public IndexedDbBackend() {
        install();
    }

    private static JsCallbacks.StringCallback fail(Callback<?> done) {
        return text -> done.done(null, text);
    }

    private static JsCallbacks.VoidCallback ok(Callback<Void> done) {
        return () -> done.done(null, null);
    }

    @Override
    public void open(Events events, Callback<Void> done) {
        if (db != null) {
            done.done(null, null);
            return;
        }
        if (!available()) {
            done.done(null, "unavailable: this browser offers no IndexedDB here");
            return;
        }
        openDb(DATABASE, SCHEMA_VERSION, String.join(",", STORES), () -> {
            db = null;
            events.versionChange();
        }, events::blocked, handle -> {
            db = handle;
            done.done(null, null);
        }, fail(done));
    }

    private boolean ready(Callback<?> done) {
        if (db == null) {
            done.done(null, "unavailable: the database is closed");
            return false;
        }
        return true;
    }

    @Override
    public void get(String store, byte[] key, Callback<byte[]> done) {
        if (ready(done)) {
            get(db, store, Bytes.toBinary(key), (found, value) -> done.done(found ? Bytes.fromBinary(value) : null,
                    null), fail(done));
        }
    }

    @Override
    public void put(String store, List<byte[][]> entries, Callback<Void> done) {
        if (!ready(done)) {
            return;
        }
        JSObject batch = newArray();
        for (byte[][] e : entries) {
            push(batch, Bytes.toBinary(e[0]), Bytes.toBinary(e[1]));
        }
        put(db, store, batch, ok(done), fail(done));
    }

    @Override
    public void delete(String store, byte[] key, Callback<Void> done) {
        if (ready(done)) {
            delete(db, store, Bytes.toBinary(key), ok(done), fail(done));
        }
    }

    private static boolean emptyRange(byte[] lo, byte[] hi) {
        int n = Math.min(lo.length, hi.length);
        for (int i = 0; i < n; i++) {
            int d = (lo[i] & 0xff) - (hi[i] & 0xff);
            if (d != 0) {
                return d > 0;
            }
        }
        return lo.length >= hi.length;
    }

    @Override
    public void range(String store, byte[] lo, byte[] hi, int limit, boolean reverse,
            Callback<List<byte[][]>> done) {
        if (!ready(done)) {
            return;
        }
        if (emptyRange(lo, hi)) {
            done.done(new ArrayList<>(), null);
            return;
        }
        range(db, store, Bytes.toBinary(lo), Bytes.toBinary(hi), limit, reverse, result -> {
            List<byte[][]> out = new ArrayList<>();
            int n = length(result);
            for (int i = 0; i < n; i++) {
                out.add(new byte[][] {Bytes.fromBinary(entryKey(result, i)), Bytes.fromBinary(entryValue(result, i))});
            }
            done.done(out, null);
        }, fail(done));
    }

    @Override
    public void deleteRange(String store, byte[] lo, byte[] hi, Callback<Void> done) {
        if (!ready(done)) {
            return;
        }
        if (emptyRange(lo, hi)) {
            done.done(null, null);
            return;
        }
        deleteRange(db, store, Bytes.toBinary(lo), Bytes.toBinary(hi), ok(done), fail(done));
    }

    @Override
    public void getKey(String name, Callback<CacheCrypto.Key> done) {
        if (ready(done)) {
            getKey(db, KEYS, name, (found, key) -> done.done(found ? new WebCacheCrypto.WebKey(key) : null, null),
                    fail(done));
        }
    }

    @Override
    public void putKey(String name, CacheCrypto.Key key, Callback<Void> done) {
        if (ready(done)) {
            putKey(db, KEYS, name, ((WebCacheCrypto.WebKey) key).handle, ok(done), fail(done));
        }
    }

    @Override
    public void destroy(Callback<Void> done) {
        JSObject handle = db;
        db = null;
        destroy(handle, DATABASE, ok(done), fail(done));
    }

    // ---- glue ----------------------------------------------------------------------------------------------

    @JSBody(script = "return typeof self.indexedDB === 'object' && self.indexedDB !== null;")
    private static native boolean available();

    @JSBody(script = "if (self.parleyIdb) return;"
            + Bytes.JS_HELPERS
            + "function failure(fail, err) { var name = err && err.name;"
            + "  fail((name === 'QuotaExceededError' ? 'quota: ' : name === 'InvalidStateError' ? 'unavailable: ' : '')"
            + "    + describe(err)); }"
            + "function txOf(db, store, mode, fail) {"
            + "  try { return db.transaction(store, mode); } catch (err) { fail('unavailable: ' + describe(err)); return null; } }"
            + "function finish(tx, ok, fail) { tx.oncomplete = function() { ok(); };"
            + "  tx.onabort = function() { failure(fail, tx.error || 'aborted'); }; }"
            + "function between(lo, hi) { return IDBKeyRange.bound(toBytes(lo), toBytes(hi), false, true); }"
            + "self.parleyIdb = {"
            + " open: function(name, version, storesCsv, onVersionChange, onBlocked, ok, fail) {"
            + "  var request; try { request = self.indexedDB.open(name, version); }"
            + "  catch (err) { fail('unavailable: ' + describe(err)); return; }"
            + "  var wanted = storesCsv.split(',');"
            + "  request.onupgradeneeded = function() { var upgrading = request.result;"
            + "   wanted.forEach(function(store) { if (!upgrading.objectStoreNames.contains(store)) upgrading.createObjectStore(store); });"
            + "   Array.prototype.slice.call(upgrading.objectStoreNames).forEach(function(store) {"
            + "    if (wanted.indexOf(store) < 0) upgrading.deleteObjectStore(store); }); };"
            + "  request.onblocked = function() { onBlocked(); };"
            + "  request.onsuccess = function() { var opened = request.result;"
            + "   opened.onversionchange = function() { opened.close(); onVersionChange(); }; ok(opened); };"
            + "  request.onerror = function(evt) { evt.preventDefault(); fail('unavailable: ' + describe(request.error)); };"
            + " },"
            + " get: function(db, store, key, ok, fail) { var tx = txOf(db, store, 'readonly', fail); if (!tx) return;"
            + "  var request = tx.objectStore(store).get(toBytes(key));"
            + "  request.onsuccess = function() { var found = request.result;"
            + "   if (found === undefined) ok(false, ''); else ok(true, fromBytes(found)); };"
            + "  tx.onabort = function() { failure(fail, tx.error || request.error); };"
            + " },"
            + " put: function(db, store, batch, ok, fail) { var tx = txOf(db, store, 'readwrite', fail); if (!tx) return;"
            + "  var objects = tx.objectStore(store);"
            + "  batch.forEach(function(entry) { objects.put(toBytes(entry[1]), toBytes(entry[0])); });"
            + "  finish(tx, ok, fail);"
            + " },"
            + " remove: function(db, store, key, ok, fail) { var tx = txOf(db, store, 'readwrite', fail); if (!tx) return;"
            + "  tx.objectStore(store).delete(toBytes(key)); finish(tx, ok, fail); },"
            + " removeRange: function(db, store, lo, hi, ok, fail) { var tx = txOf(db, store, 'readwrite', fail);"
            + "  if (!tx) return; tx.objectStore(store).delete(between(lo, hi)); finish(tx, ok, fail); },"
            + " range: function(db, store, lo, hi, limit, reverse, ok, fail) {"
            + "  var tx = txOf(db, store, 'readonly', fail); if (!tx) return; var found = [];"
            + "  var request = tx.objectStore(store).openCursor(between(lo, hi), reverse ? 'prev' : 'next');"
            + "  request.onsuccess = function() { var cursor = request.result;"
            + "   if (cursor && (limit <= 0 || found.length < limit)) {"
            + "    found.push([fromBytes(cursor.key), fromBytes(cursor.value)]); cursor.continue(); } else ok(found); };"
            + "  tx.onabort = function() { failure(fail, tx.error || request.error); };"
            + " },"
            + " getKey: function(db, store, name, ok, fail) { var tx = txOf(db, store, 'readonly', fail); if (!tx) return;"
            + "  var request = tx.objectStore(store).get(name);"
            + "  request.onsuccess = function() { var found = request.result;"
            + "   if (found === undefined) ok(false, null); else ok(true, found); };"
            + "  tx.onabort = function() { failure(fail, tx.error || request.error); };"
            + " },"
            + " putKey: function(db, store, name, key, ok, fail) { var tx = txOf(db, store, 'readwrite', fail); if (!tx) return;"
            + "  tx.objectStore(store).put(key, name); finish(tx, ok, fail); },"
            + " destroy: function(db, name, ok, fail) { if (db) db.close();"
            + "  var request = self.indexedDB.deleteDatabase(name);"
            + "  request.onsuccess = function() { ok(); };"
            + "  request.onerror = function() { fail(describe(request.error)); };"
            + " }"
            + "};")
    private static native void install();

    @JSBody(params = {"name", "version", "storesCsv", "onVersionChange", "onBlocked", "ok", "fail"},
            script = "self.parleyIdb.open(name, version, storesCsv, onVersionChange, onBlocked, ok, fail);")
    private static native void openDb(String name, int version, String storesCsv,
            JsCallbacks.VoidCallback onVersionChange, JsCallbacks.VoidCallback onBlocked,
            JsCallbacks.ObjectCallback ok, JsCallbacks.StringCallback fail);

    @JSBody(params = {"db", "store", "key", "ok", "fail"}, script = "self.parleyIdb.get(db, store, key, ok, fail);")
    private static native void get(JSObject db, String store, String key, JsCallbacks.FoundStringCallback ok,
            JsCallbacks.StringCallback fail);

    @JSBody(script = "return [];")
    private static native JSObject newArray();

    @JSBody(params = {"batch", "key", "value"}, script = "batch.push([key, value]);")
    private static native void push(JSObject batch, String key, String value);

    @JSBody(params = {"db", "store", "batch", "ok", "fail"}, script = "self.parleyIdb.put(db, store, batch, ok, fail);")
    private static native void put(JSObject db, String store, JSObject batch, JsCallbacks.VoidCallback ok,
            JsCallbacks.StringCallback fail);

    @JSBody(params = {"db", "store", "key", "ok", "fail"}, script = "self.parleyIdb.remove(db, store, key, ok, fail);")
    private static native void delete(JSObject db, String store, String key, JsCallbacks.VoidCallback ok,
            JsCallbacks.StringCallback fail);

    @JSBody(params = {"db", "store", "lo", "hi", "ok", "fail"},
            script = "self.parleyIdb.removeRange(db, store, lo, hi, ok, fail);")
    private static native void deleteRange(JSObject db, String store, String lo, String hi,
            JsCallbacks.VoidCallback ok, JsCallbacks.StringCallback fail);

    @JSBody(params = {"db", "store", "lo", "hi", "limit", "reverse", "ok", "fail"},
            script = "self.parleyIdb.range(db, store, lo, hi, limit, reverse, ok, fail);")
    private static native void range(JSObject db, String store, String lo, String hi, int limit, boolean reverse,
            JsCallbacks.ObjectCallback ok, JsCallbacks.StringCallback fail);

    @JSBody(params = "result", script = "return result.length;")
    private static native int length(JSObject result);

    @JSBody(params = {"result", "index"}, script = "return result[index][0];")
    private static native String entryKey(JSObject result, int index);

    @JSBody(params = {"result", "index"}, script = "return result[index][1];")
    private static native String entryValue(JSObject result, int index);

    @JSBody(params = {"db", "store", "name", "ok", "fail"}, script = "self.parleyIdb.getKey(db, store, name, ok, fail);")
    private static native void getKey(JSObject db, String store, String name, JsCallbacks.FoundCallback ok,
            JsCallbacks.StringCallback fail);

    @JSBody(params = {"db", "store", "name", "key", "ok", "fail"},
            script = "self.parleyIdb.putKey(db, store, name, key, ok, fail);")
    private static native void putKey(JSObject db, String store, String name, JSObject key,
            JsCallbacks.VoidCallback ok, JsCallbacks.StringCallback fail);

    @JSBody(params = {"db", "name", "ok", "fail"}, script = "self.parleyIdb.destroy(db, name, ok, fail);")
    private static native void destroy(JSObject db, String name, JsCallbacks.VoidCallback ok,
            JsCallbacks.StringCallback fail);
}
