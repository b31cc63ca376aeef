package im.parley.browser;

import im.parley.crypto.SoftCrypto;
import org.teavm.jso.JSBody;

/** {@code crypto.getRandomValues}, the browser's strong generator. */
public final class BrowserRandom implements SoftCrypto.RandomSource {
    @JSBody(params = "n", script = "var bytes = new Uint8Array(n); self.crypto.getRandomValues(bytes);"
            + "var text = ''; for (var idx = 0; idx < n; idx++) text += String.fromCharCode(bytes[idx]); return text;")
    private static native String random(int n);

    @Override
    public byte[] randomBytes(int length) {
        String s = random(length);
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) s.charAt(i);
        }
        return b;
    }
}
