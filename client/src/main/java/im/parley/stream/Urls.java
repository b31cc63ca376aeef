package im.parley.stream;

/** Transport URL checks shared by every platform. */
public final class Urls {
    private Urls() {
    }

    /** wss:// anywhere; ws:// only to the loopback interface, where no network carries the bytes. */
    public static boolean isSecureWebSocket(String url) {
        return (url.startsWith("wss://") || url.startsWith("ws://")) && isSecure(url);
    }

    /** wss:// and https:// anywhere; ws:// and http:// only to the loopback interface. */
    public static boolean isSecure(String url) {
        if (url.startsWith("wss://") || url.startsWith("https://")) {
            return true;
        }
        int scheme = url.startsWith("ws://") ? 5 : url.startsWith("http://") ? 7 : 0;
        if (scheme == 0) {
            return false;
        }
        String rest = url.substring(scheme);
        int end = rest.length();
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        String authority = rest.substring(0, end);
        if (authority.indexOf('@') >= 0) {
            return false;
        }
        String host = authority;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            host = close < 0 ? host : host.substring(0, close + 1);
        } else {
            int colon = host.indexOf(':');
            host = colon < 0 ? host : host.substring(0, colon);
        }
        return host.equals("localhost") || host.equals("[::1]") || isLoopbackIpv4(host);
    }

    private static boolean isLoopbackIpv4(String host) {
        if (!host.startsWith("127.")) {
            return false;
        }
        int dots = 0;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c == '.') {
                dots++;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        return dots == 3;
    }
}
