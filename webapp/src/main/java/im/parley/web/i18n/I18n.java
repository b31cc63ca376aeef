package im.parley.web.i18n;

import java.util.Map;

/**
 * Translates the UI's strings. The key of every message is its English text, as in gettext (and Converse's
 * {@code __()}), so the code reads as English and a missing translation shows English, never a key. Parameters
 * are written {@code {0}}, {@code {1}}, ... and filled in after translation; their values (names, addresses from
 * the network) are only ever put into the DOM as text.
 */
public final class I18n {
    /** The languages with a complete catalog. */
    public static final String[] LANGUAGES = {"en", "de"};

    private static Map<String, String> catalog;
    private static String language = "en";

    private I18n() {
    }

    /**
     * Picks the language: the {@code i18n} setting if it names a supported one, else the first of the browser's
     * preferred languages (comma-separated, like {@code de-AT,de,en}) that is supported, else English.
     */
    public static String choose(String setting, String preferred) {
        String pick = "en";
        if (setting != null && supported(base(setting)) != null) {
            pick = supported(base(setting));
        } else if (preferred != null) {
            for (String tag : im.parley.util.Strings.split(preferred, ',')) {
                String s = supported(base(tag.trim()));
                if (s != null) {
                    pick = s;
                    break;
                }
            }
        }
        use(pick);
        return pick;
    }

    /** Switches the catalog ("en" or "de"). */
    public static void use(String lang) {
        language = "de".equals(lang) ? "de" : "en";
        catalog = "de".equals(language) ? De.CATALOG : null;
    }

    public static String language() {
        return language;
    }

    /** The message in the current language, with {@code {n}} replaced by {@code args[n]}. */
    public static String tr(String english, Object... args) {
        String text = english;
        if (catalog != null) {
            String t = catalog.get(english);
            if (t != null) {
                text = t;
            }
        }
        if (args.length == 0) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int close = c == '{' ? text.indexOf('}', i) : -1;
            if (close > i + 1 && close - i <= 3) {
                int n = parse(text, i + 1, close);
                if (n >= 0 && n < args.length) {
                    sb.append(args[n]);
                    i = close;
                    continue;
                }
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** A count with the right noun form: the first message for one, the second for any other number. */
    public static String plural(String one, String other, int n) {
        return tr(n == 1 ? one : other, n);
    }

    private static int parse(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static String base(String tag) {
        int dash = tag.indexOf('-');
        return (dash < 0 ? tag : tag.substring(0, dash)).toLowerCase();
    }

    private static String supported(String lang) {
        for (String l : LANGUAGES) {
            if (l.equals(lang)) {
                return l;
            }
        }
        return null;
    }
}
