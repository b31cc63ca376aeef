package im.parley.util;

/** XEP-0082 date-time strings in UTC, without java.time (kept small for the TeaVM builds). */
public final class Timestamps {
    private Timestamps() {
    }

    /** Formats epoch milliseconds as {@code YYYY-MM-DDThh:mm:ss.sssZ}. */
    public static String format(long millis) {
        long days = Math.floorDiv(millis, 86_400_000L);
        long msOfDay = Math.floorMod(millis, 86_400_000L);
        // Civil-from-days (Howard Hinnant's algorithm).
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp < 10 ? mp + 3 : mp - 9;
        if (m <= 2) {
            y++;
        }
        StringBuilder sb = new StringBuilder(24);
        pad(sb, y, 4).append('-');
        pad(sb, m, 2).append('-');
        pad(sb, d, 2).append('T');
        pad(sb, msOfDay / 3_600_000, 2).append(':');
        pad(sb, msOfDay / 60_000 % 60, 2).append(':');
        pad(sb, msOfDay / 1000 % 60, 2).append('.');
        pad(sb, msOfDay % 1000, 3).append('Z');
        return sb.toString();
    }

    private static StringBuilder pad(StringBuilder sb, long v, int width) {
        String s = Long.toString(v);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }

    /**
     * Parses an XEP-0082 date-time ({@code YYYY-MM-DDThh:mm:ss[.fraction](Z|(+|-)hh:mm)}) into epoch
     * milliseconds; returns {@code fallback} for anything else.
     */
    public static long parse(String s, long fallback) {
        if (s == null || s.length() < 20 || s.length() > 40 || s.charAt(4) != '-' || s.charAt(7) != '-'
                || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return fallback;
        }
        int y = digits(s, 0, 4);
        int mo = digits(s, 5, 2);
        int d = digits(s, 8, 2);
        int h = digits(s, 11, 2);
        int mi = digits(s, 14, 2);
        int sec = digits(s, 17, 2);
        if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0
                || sec > 60) {
            return fallback;
        }
        int i = 19;
        int millis = 0;
        if (s.charAt(i) == '.') {
            i++;
            int start = i;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                if (i - start < 3) {
                    millis = millis * 10 + (s.charAt(i) - '0');
                }
                i++;
            }
            if (i == start) {
                return fallback;
            }
            for (int k = i - start; k < 3; k++) {
                millis *= 10;
            }
        }
        long offset;
        String zone = s.substring(i);
        if (zone.equals("Z")) {
            offset = 0;
        } else if (zone.length() == 6 && (zone.charAt(0) == '+' || zone.charAt(0) == '-') && zone.charAt(3) == ':'
                && digits(zone, 1, 2) >= 0 && digits(zone, 4, 2) >= 0) {
            offset = (digits(zone, 1, 2) * 60L + digits(zone, 4, 2)) * 60_000L * (zone.charAt(0) == '-' ? -1 : 1);
        } else {
            return fallback;
        }
        // Days-from-civil (Howard Hinnant's algorithm).
        long yy = mo <= 2 ? y - 1 : y;
        long era = Math.floorDiv(yy, 400);
        long yoe = yy - era * 400;
        long doy = (153L * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        long days = era * 146_097 + doe - 719_468;
        return days * 86_400_000L + h * 3_600_000L + mi * 60_000L + sec * 1000L + millis - offset;
    }

    private static int digits(String s, int from, int n) {
        int v = 0;
        for (int i = from; i < from + n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
