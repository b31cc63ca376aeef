package im.parley.vcard;

import im.parley.util.Base64;

/**
 * An avatar image as a vCard carries it: a type and the bytes (base64 in the XML). Only raster types that browsers
 * decode safely as images are accepted (no SVG, which is a document), up to {@link #MAX_BYTES}.
 */
public final class Avatar {
    public static final int MAX_BYTES = 256 * 1024;
    static final String[] TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"};

    /** Whether Parley shows avatars of this type (raster images only; never SVG). */
    public static boolean isAcceptedType(String type) {
        for (String t : TYPES) {
            if (t.equals(type)) {
                return true;
            }
        }
        return false;
    }

    private final String type;
    private final byte[] bytes;

    private Avatar(String type, byte[] bytes) {
        this.type = type;
        this.bytes = bytes;
    }

    /**
     * Checks a type and base64 data (whitespace allowed, as in vCards).
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static Avatar of(String type, String base64) {
        String t = type == null ? "" : type.trim().toLowerCase();
        if (!isAcceptedType(t)) {
            throw new IllegalArgumentException("an avatar must be a PNG, JPEG, GIF or WebP image, not '" + type + "'");
        }
        if (base64 == null || base64.length() > MAX_BYTES * 4 / 3 + 4096) {
            throw new IllegalArgumentException("an avatar may be at most " + MAX_BYTES / 1024 + " KB");
        }
        StringBuilder compact = new StringBuilder(base64.length());
        for (int i = 0; i < base64.length(); i++) {
            char c = base64.charAt(i);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                compact.append(c);
            }
        }
        byte[] bytes = Base64.decode(compact.toString());
        if (bytes.length == 0 || bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("an avatar may be at most " + MAX_BYTES / 1024 + " KB");
        }
        return new Avatar(t, bytes);
    }

    public String type() {
        return type;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String base64() {
        return Base64.encode(bytes);
    }
}
