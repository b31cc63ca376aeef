package im.parley.plugin;

import im.parley.util.Base64;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The rules a plugin's code must pass before the worker runs it (Converse's {@code whitelisted_plugins} and
 * {@code blacklisted_plugins}, made binding): the name is whitelisted and not blacklisted, the URL is on Parley's
 * own origin (relative, or absolute with exactly that origin), and the integrity value is well formed. Whether the
 * fetched bytes match the digest is checked by {@link PluginLoader}.
 */
public final class PluginPolicy {
    private final List<String> whitelist;
    private final List<String> blacklist;

    public PluginPolicy(Collection<String> whitelisted, Collection<String> blacklisted) {
        this.whitelist = new ArrayList<>(whitelisted);
        this.blacklist = new ArrayList<>(blacklisted);
    }

    /** Plugin names: lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, 1-64 long. */
    public static void checkName(String name) {
        boolean ok = name != null && !name.isEmpty() && name.length() <= 64;
        for (int i = 0; ok && i < name.length(); i++) {
            char c = name.charAt(i);
            ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (i > 0 && (c == '.' || c == '_' || c == '-'));
        }
        if (!ok) {
            throw new IllegalArgumentException("'" + name + "' is not a plugin name (lower-case letters, digits, "
                    + "'.', '_' and '-', starting with a letter or digit, at most 64)");
        }
    }

    /** Why this plugin may not be loaded, or null if it may (its digest still has to match). */
    public String refusal(PluginDescriptor d, String parleyOrigin) {
        try {
            checkName(d.name());
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (blacklist.contains(d.name())) {
            return "'" + d.name() + "' is in blacklisted_plugins";
        }
        if (!whitelist.contains(d.name())) {
            return "'" + d.name() + "' is not in whitelisted_plugins";
        }
        if (!sameOrigin(d.url(), parleyOrigin)) {
            return "its URL '" + d.url() + "' is not on Parley's origin " + parleyOrigin
                    + " (plugins are served by the deployment)";
        }
        try {
            Integrity.parse(d.integrity());
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        return null;
    }

    /** A relative path, or an absolute URL whose origin is exactly Parley's. */
    static boolean sameOrigin(String url, String origin) {
        if (url.isEmpty() || url.startsWith("//") || url.startsWith("\\") || url.indexOf('\\') >= 0) {
            return false;
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                return false; // no whitespace or control characters, which URL parsers strip or reinterpret
            }
        }
        int colon = url.indexOf(':');
        int slash = url.indexOf('/');
        boolean hasScheme = colon > 0 && (slash < 0 || colon < slash);
        if (!hasScheme) {
            return true;
        }
        return url.startsWith(origin + "/") && (url.startsWith("https://") || url.startsWith("http://"));
    }

    /** A parsed Subresource Integrity value with one hash. */
    public static final class Integrity {
        private final String algorithm;
        private final String digest;

        private Integrity(String algorithm, String digest) {
            this.algorithm = algorithm;
            this.digest = digest;
        }

        /** {@code sha256-<base64>}, {@code sha384-...} or {@code sha512-...}; anything else is an error. */
        public static Integrity parse(String value) {
            int dash = value == null ? -1 : value.indexOf('-');
            String alg = dash < 0 ? "" : value.substring(0, dash);
            int bytes = alg.equals("sha256") ? 32 : alg.equals("sha384") ? 48 : alg.equals("sha512") ? 64 : 0;
            if (bytes == 0) {
                throw new IllegalArgumentException("its integrity value must be sha256-, sha384- or sha512- followed "
                        + "by the base64 digest of the file (as in <script integrity>)");
            }
            String b64 = value.substring(dash + 1);
            byte[] raw;
            try {
                raw = Base64.decode(b64);
            } catch (IllegalArgumentException e) {
                raw = null;
            }
            if (raw == null || raw.length != bytes) {
                throw new IllegalArgumentException("its integrity value is not a " + alg + " digest in base64");
            }
            return new Integrity(alg, Base64.encode(raw));
        }

        /** The Web Crypto name of the algorithm: SHA-256, SHA-384 or SHA-512. */
        public String webCryptoName() {
            return "SHA-" + algorithm.substring(3);
        }

        public String algorithm() {
            return algorithm;
        }

        /** Whether a computed digest (base64) is this one. */
        public boolean matches(String computedBase64) {
            return digest.equals(computedBase64);
        }

        @Override
        public String toString() {
            return algorithm + "-" + digest;
        }
    }
}
