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
}
