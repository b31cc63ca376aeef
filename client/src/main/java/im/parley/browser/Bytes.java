package im.parley.browser;

/**
 * Bytes cross between Java and JavaScript as "binary strings" (one char per byte, 0-255): the one
 * representation that both TeaVM builds (JS and Wasm-GC) pass cheaply and identically. The JavaScript side turns
 * them into Uint8Arrays with the glue's {@code toBytes}.
 */
final class Bytes {
    private Bytes() {
    }

    static String toBinary(byte[] b) {
        char[] chars = new char[b.length];
        for (int i = 0; i < b.length; i++) {
            chars[i] = (char) (b[i] & 0xff);
        }
        return new String(chars);
    }

    static byte[] fromBinary(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) s.charAt(i);
        }
        return b;
    }

    /** JavaScript shared by the glue objects: binary string <-> Uint8Array, and error texts. */
    static final String JS_HELPERS = ""
            + "function toBytes(binary) { var out = new Uint8Array(binary.length);"
            + "  for (var pos = 0; pos < binary.length; pos++) out[pos] = binary.charCodeAt(pos) & 255; return out; }"
            + "function fromBytes(buffer) { var view = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);"
            + "  var parts = []; for (var pos = 0; pos < view.length; pos += 8192)"
            + "    parts.push(String.fromCharCode.apply(null, view.subarray(pos, pos + 8192))); return parts.join(''); }"
            + "function describe(err) { return err && err.name ? err.name + (err.message ? ' ' + err.message : '') : String(err); }";
}
