package im.parley.browser;

import im.parley.store.CacheCrypto;
import im.parley.store.Callback;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;

/**
 * {@link CacheCrypto} with Web Crypto ({@code crypto.subtle}) in the worker. Every key is created
 * non-extractable; the master secret exists as bytes only for the moment it is first wrapped, inside the glue,
 * and is zeroed after; afterwards it is only ever unwrapped by {@code unwrapKey} straight into a non-extractable
 * HKDF key. Java holds opaque {@code CryptoKey} handles.
 */
public final class WebCacheCrypto implements CacheCrypto {
    static final class WebKey implements Key {
        final JSObject handle;

        WebKey(JSObject handle) {
            this.handle = handle;
        }
    }

    public WebCacheCrypto() {
        install();
    }

    private static JSObject handle(Key key) {
        return ((WebKey) key).handle;
    }

    private static JsCallbacks.StringCallback fail(Callback<?> done) {
        return text -> done.done(null, text);
    }

    private static JsCallbacks.ObjectCallback keyOk(Callback<Key> done) {
        return key -> done.done(new WebKey(key), null);
    }

    private static JsCallbacks.StringCallback bytesOk(Callback<byte[]> done) {
        return bin -> done.done(Bytes.fromBinary(bin), null);
    }

    private static JsCallbacks.KeyPairCallback masterOk(Callback<Master> done) {
        return (data, index, wrapped) -> done.done(new Master(new WebKey(data), new WebKey(index),
                Bytes.fromBinary(wrapped)), null);
    }

    @Override
    public void deriveWrappingKey(String secret, byte[] salt, int iterations, Callback<Key> done) {
        derive(secret, Bytes.toBinary(salt), iterations, keyOk(done), fail(done));
    }

    @Override
    public void newWrappingKey(Callback<Key> done) {
        newWrapping(keyOk(done), fail(done));
    }

    @Override
    public void newLookupKey(Callback<Key> done) {
        newLookup(keyOk(done), fail(done));
    }

    @Override
    public void createMaster(Key wrappingKey, byte[] aad, Callback<Master> done) {
        createMaster(handle(wrappingKey), Bytes.toBinary(aad), masterOk(done), fail(done));
    }

    @Override
    public void openMaster(Key wrappingKey, byte[] wrapped, byte[] aad, Callback<Master> done) {
        openMaster(handle(wrappingKey), Bytes.toBinary(wrapped), Bytes.toBinary(aad), masterOk(done), fail(done));
    }

    @Override
    public void rewrap(Key oldKey, Key newKey, byte[] wrapped, byte[] aad, Callback<byte[]> done) {
        rewrap(handle(oldKey), handle(newKey), Bytes.toBinary(wrapped), Bytes.toBinary(aad), bytesOk(done),
                fail(done));
    }

    @Override
    public void seal(Key dataKey, byte[] aad, byte[] plaintext, Callback<byte[]> done) {
        seal(handle(dataKey), Bytes.toBinary(aad), Bytes.toBinary(plaintext), bytesOk(done), fail(done));
    }

    @Override
    public void open(Key dataKey, byte[] aad, byte[] sealed, Callback<byte[]> done) {
        open(handle(dataKey), Bytes.toBinary(aad), Bytes.toBinary(sealed), bytesOk(done), fail(done));
    }

    @Override
    public void sealText(Key dataKey, byte[] aad, String plaintext, Callback<byte[]> done) {
        sealText(handle(dataKey), Bytes.toBinary(aad), plaintext, bytesOk(done), fail(done));
    }

    @Override
    public void openText(Key dataKey, byte[] aad, byte[] sealed, Callback<String> done) {
        openText(handle(dataKey), Bytes.toBinary(aad), Bytes.toBinary(sealed), text -> done.done(text, null),
                fail(done));
    }

    @Override
    public void hmac(Key key, byte[] data, Callback<byte[]> done) {
        hmac(handle(key), Bytes.toBinary(data), bytesOk(done), fail(done));
    }

    // ---- glue ----------------------------------------------------------------------------------------------

    @JSBody(script = "if (self.parleyCrypto) return;"
            + Bytes.JS_HELPERS
            + "var subtle = self.crypto.subtle;"
            + "var wrapAlg = {name: 'AES-GCM', length: 256};"
            + "var wrapUses = ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'];"
            + "function failWith(fail, code) { return function(err) { fail(code + describe(err)); }; }"
            + "function joinBytes(first, second) { var out = new Uint8Array(first.length + second.byteLength);"
            + "  out.set(first, 0); out.set(new Uint8Array(second), first.length); return out; }"
            + "function hkdf(master, label, alg, uses) { return subtle.deriveKey({name: 'HKDF', hash: 'SHA-256',"
            + "  salt: new Uint8Array(32), info: new TextEncoder().encode(label)}, master, alg, false, uses); }"
            + "function gcm(iv, aad) { return {name: 'AES-GCM', iv: iv, additionalData: toBytes(aad)}; }"
            + "function freshIv() { return self.crypto.getRandomValues(new Uint8Array(12)); }"
            + "var glue = {"
            + " derive: function(secret, salt, iterations, ok, fail) {"
            + "  subtle.importKey('raw', new TextEncoder().encode(secret), 'PBKDF2', false, ['deriveKey'])"
            + "   .then(function(base) { return subtle.deriveKey({name: 'PBKDF2', hash: 'SHA-256', salt: toBytes(salt),"
            + "     iterations: iterations}, base, wrapAlg, false, wrapUses); })"
            + "   .then(ok, failWith(fail, ''));"
            + " },"
            + " newWrapping: function(ok, fail) { subtle.generateKey(wrapAlg, false, wrapUses).then(ok, failWith(fail, '')); },"
            + " newLookup: function(ok, fail) { subtle.generateKey({name: 'HMAC', hash: 'SHA-256', length: 256}, false,"
            + "   ['sign']).then(ok, failWith(fail, '')); },"
            + " createMaster: function(wrapKey, aad, ok, fail) {"
            + "  var secret = self.crypto.getRandomValues(new Uint8Array(32)); var iv = freshIv();"
            + "  subtle.encrypt(gcm(iv, aad), wrapKey, secret).then(function(sealed) {"
            + "   secret.fill(0); glue.openMaster(wrapKey, fromBytes(joinBytes(iv, sealed)), aad, ok, fail);"
            + "  }, function(err) { secret.fill(0); fail(describe(err)); });"
            + " },"
            + " openMaster: function(wrapKey, wrapped, aad, ok, fail) {"
            + "  var bytes = toBytes(wrapped);"
            + "  subtle.unwrapKey('raw', bytes.subarray(12), wrapKey, gcm(bytes.subarray(0, 12), aad), 'HKDF', false,"
            + "    ['deriveKey']).then(function(master) {"
            + "   Promise.all([hkdf(master, 'parley cache data v1', {name: 'AES-GCM', length: 256}, ['encrypt', 'decrypt']),"
            + "     hkdf(master, 'parley cache index v1', {name: 'HMAC', hash: 'SHA-256', length: 256}, ['sign'])])"
            + "    .then(function(keys) { ok(keys[0], keys[1], wrapped); }, failWith(fail, ''));"
            + "  }, failWith(fail, 'unwrap: '));"
            + " },"
            + " rewrap: function(oldKey, newKey, wrapped, aad, ok, fail) {"
            + "  var bytes = toBytes(wrapped);"
            + "  subtle.decrypt(gcm(bytes.subarray(0, 12), aad), oldKey, bytes.subarray(12)).then(function(plain) {"
            + "   var secret = new Uint8Array(plain); var iv = freshIv();"
            + "   return subtle.encrypt(gcm(iv, aad), newKey, secret).then(function(sealed) {"
            + "    secret.fill(0); ok(fromBytes(joinBytes(iv, sealed))); });"
            + "  }).then(null, failWith(fail, 'unwrap: '));"
            + " },"
            + " seal: function(key, aad, plain, ok, fail) {"
            + "  var iv = freshIv();"
            + "  subtle.encrypt(gcm(iv, aad), key, toBytes(plain)).then(function(sealed) {"
            + "   ok(fromBytes(joinBytes(iv, sealed))); }, failWith(fail, ''));"
            + " },"
            + " open: function(key, aad, sealed, ok, fail) {"
            + "  var bytes = toBytes(sealed);"
            + "  if (bytes.length < 28) { fail('integrity: too short'); return; }"
            + "  subtle.decrypt(gcm(bytes.subarray(0, 12), aad), key, bytes.subarray(12))"
            + "   .then(function(plain) { ok(fromBytes(plain)); }, failWith(fail, 'integrity: '));"
            + " },"
            + " sealText: function(key, aad, text, ok, fail) {"
            + "  var iv = freshIv();"
            + "  subtle.encrypt(gcm(iv, aad), key, new TextEncoder().encode(text)).then(function(sealed) {"
            + "   ok(fromBytes(joinBytes(iv, sealed))); }, failWith(fail, ''));"
            + " },"
            + " openText: function(key, aad, sealed, ok, fail) {"
            + "  var bytes = toBytes(sealed);"
            + "  if (bytes.length < 28) { fail('integrity: too short'); return; }"
            + "  subtle.decrypt(gcm(bytes.subarray(0, 12), aad), key, bytes.subarray(12)).then(function(plain) {"
            + "   var text; try { text = new TextDecoder('utf-8', {fatal: true}).decode(plain); }"
            + "   catch (err) { fail('integrity: not UTF-8'); return; } ok(text); }, failWith(fail, 'integrity: '));"
            + " },"
            + " hmac: function(key, data, ok, fail) {"
            + "  subtle.sign('HMAC', key, toBytes(data)).then(function(mac) { ok(fromBytes(mac)); }, failWith(fail, ''));"
            + " }"
            + "};"
            + "self.parleyCrypto = glue;")
    private static native void install();

    @JSBody(params = {"secret", "salt", "iterations", "ok", "fail"},
            script = "self.parleyCrypto.derive(secret, salt, iterations, ok, fail);")
    private static native void derive(String secret, String salt, int iterations, JsCallbacks.ObjectCallback ok,
            JsCallbacks.StringCallback fail);

    @JSBody(params = {"ok", "fail"}, script = "self.parleyCrypto.newWrapping(ok, fail);")
    private static native void newWrapping(JsCallbacks.ObjectCallback ok, JsCallbacks.StringCallback fail);

    @JSBody(params = {"ok", "fail"}, script = "self.parleyCrypto.newLookup(ok, fail);")
    private static native void newLookup(JsCallbacks.ObjectCallback ok, JsCallbacks.StringCallback fail);

    @JSBody(params = {"wrapKey", "aad", "ok", "fail"}, script = "self.parleyCrypto.createMaster(wrapKey, aad, ok, fail);")
    private static native void createMaster(JSObject wrapKey, String aad, JsCallbacks.KeyPairCallback ok,
            JsCallbacks.StringCallback fail);

    @JSBody(params = {"wrapKey", "wrapped", "aad", "ok", "fail"},
            script = "self.parleyCrypto.openMaster(wrapKey, wrapped, aad, ok, fail);")
    private static native void openMaster(JSObject wrapKey, String wrapped, String aad,
            JsCallbacks.KeyPairCallback ok, JsCallbacks.StringCallback fail);

    @JSBody(params = {"oldKey", "newKey", "wrapped", "aad", "ok", "fail"},
            script = "self.parleyCrypto.rewrap(oldKey, newKey, wrapped, aad, ok, fail);")
    private static native void rewrap(JSObject oldKey, JSObject newKey, String wrapped, String aad,
            JsCallbacks.StringCallback ok, JsCallbacks.StringCallback fail);

    @JSBody(params = {"key", "aad", "plain", "ok", "fail"}, script = "self.parleyCrypto.seal(key, aad, plain, ok, fail);")
    private static native void seal(JSObject key, String aad, String plain, JsCallbacks.StringCallback ok,
            JsCallbacks.StringCallback fail);

    @JSBody(params = {"key", "aad", "sealed", "ok", "fail"},
            script = "self.parleyCrypto.open(key, aad, sealed, ok, fail);")
    private static native void open(JSObject key, String aad, String sealed, JsCallbacks.StringCallback ok,
            JsCallbacks.StringCallback fail);

    @JSBody(params = {"key", "aad", "text", "ok", "fail"},
            script = "self.parleyCrypto.sealText(key, aad, text, ok, fail);")
    private static native void sealText(JSObject key, String aad, String text, JsCallbacks.StringCallback ok,
            JsCallbacks.StringCallback fail);

    @JSBody(params = {"key", "aad", "sealed", "ok", "fail"},
            script = "self.parleyCrypto.openText(key, aad, sealed, ok, fail);")
    private static native void openText(JSObject key, String aad, String sealed, JsCallbacks.StringCallback ok,
            JsCallbacks.StringCallback fail);

    @JSBody(params = {"key", "data", "ok", "fail"}, script = "self.parleyCrypto.hmac(key, data, ok, fail);")
    private static native void hmac(JSObject key, String data, JsCallbacks.StringCallback ok,
            JsCallbacks.StringCallback fail);
}
