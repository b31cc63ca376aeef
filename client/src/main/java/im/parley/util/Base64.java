package im.parley.util;

/** RFC 4648 base64 (standard alphabet, padded). Own code so the TeaVM builds need no JDK encoder. */
public final class Base64 {
    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();
    private static final int[] DECODE = new int[128];

    static {
        java.util.Arrays.fill(DECODE, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            DECODE[ALPHABET[i]] = i;
        }
    }

    private Base64() {
    }

    public static String encode(byte[] data) {
        StringBuilder out = new StringBuilder((data.length + 2) / 3 * 4);
        int i = 0;
        for (; i + 2 < data.length; i += 3) {
            int n = (data[i] & 0xff) << 16 | (data[i + 1] & 0xff) << 8 | (data[i + 2] & 0xff);
            out.append(ALPHABET[n >>> 18]).append(ALPHABET[(n >>> 12) & 63])
                    .append(ALPHABET[(n >>> 6) & 63]).append(ALPHABET[n & 63]);
        }
        int rest = data.length - i;
        if (rest == 1) {
            int n = (data[i] & 0xff) << 16;
            out.append(ALPHABET[n >>> 18]).append(ALPHABET[(n >>> 12) & 63]).append("==");
        } else if (rest == 2) {
            int n = (data[i] & 0xff) << 16 | (data[i + 1] & 0xff) << 8;
            out.append(ALPHABET[n >>> 18]).append(ALPHABET[(n >>> 12) & 63])
                    .append(ALPHABET[(n >>> 6) & 63]).append('=');
        }
        return out.toString();
    }

    /** Decodes padded base64, ignoring whitespace. @throws IllegalArgumentException on anything else. */
    public static byte[] decode(String text) {
        StringBuilder clean = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                clean.append(c);
            }
        }
        int len = clean.length();
        if (len % 4 != 0) {
            throw new IllegalArgumentException("base64 length is not a multiple of 4");
        }
        int pad = 0;
        if (len > 0 && clean.charAt(len - 1) == '=') {
            pad++;
            if (clean.charAt(len - 2) == '=') {
                pad++;
            }
        }
        byte[] out = new byte[len / 4 * 3 - pad];
        int o = 0;
        for (int i = 0; i < len; i += 4) {
            int n = 0;
            for (int j = 0; j < 4; j++) {
                char c = clean.charAt(i + j);
                int v;
                if (c == '=' && i + 4 == len && j >= 4 - pad) {
                    v = 0;
                } else {
                    v = c < 128 ? DECODE[c] : -1;
                    if (v < 0) {
                        throw new IllegalArgumentException("invalid base64 character at " + (i + j));
                    }
                }
                n = n << 6 | v;
            }
            if (o < out.length) out[o++] = (byte) (n >>> 16);
            if (o < out.length) out[o++] = (byte) (n >>> 8);
            if (o < out.length) out[o++] = (byte) n;
        }
        return out;
    }
}
