package im.parley.util;

import java.util.ArrayList;
import java.util.List;

/** String helpers that avoid java.util.regex (kept out of the TeaVM builds). */
public final class Strings {
    private Strings() {
    }

    /** Splits on a single character; keeps empty parts. */
    public static List<String> split(String s, char sep) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == sep) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }

    /** Whether every character of {@code s} is an ASCII letter or digit, or one of {@code others}. */
    public static boolean onlyAlphanumericOr(String s, String others) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || others.indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
