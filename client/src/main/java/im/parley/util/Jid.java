package im.parley.util;

/**
 * An XMPP address (RFC 7622), split into local part, domain and resource. Parsing is deliberately strict
 * about structure (no empty parts, bounded lengths) and lenient about the full PRECIS profiles, which the
 * server enforces.
 */
public final class Jid {
    private final String local;
    private final String domain;
    private final String resource;

    private Jid(String local, String domain, String resource) {
        this.local = local;
        this.domain = domain;
        this.resource = resource;
    }

    /** Parses a JID. @throws IllegalArgumentException with the reason when it is not one. */
    public static Jid parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty JID");
        }
        String local = null;
        String resource = null;
        String rest = text;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            resource = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
            if (resource.isEmpty()) {
                throw new IllegalArgumentException("empty resource in JID '" + text + "'");
            }
        }
        int at = rest.indexOf('@');
        if (at >= 0) {
            local = rest.substring(0, at);
            rest = rest.substring(at + 1);
            if (local.isEmpty()) {
                throw new IllegalArgumentException("empty local part in JID '" + text + "'");
            }
        }
        String domain = rest;
        if (domain.isEmpty() || domain.indexOf('@') >= 0) {
            throw new IllegalArgumentException("invalid domain in JID '" + text + "'");
        }
        if (domain.endsWith(".")) {
            domain = domain.substring(0, domain.length() - 1);
        }
        if ((local != null && local.length() > 1023) || domain.length() > 1023
                || (resource != null && resource.length() > 1023)) {
            throw new IllegalArgumentException("JID part longer than 1023 characters");
        }
        int bareEnd = slash < 0 ? text.length() : slash;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < ' ' || c == 0x7f || (c == ' ' && i < bareEnd)) {
                throw new IllegalArgumentException("invalid character in JID '" + text + "'");
            }
        }
        return new Jid(local == null ? null : local.toLowerCase(), domain.toLowerCase(), resource);
    }

    /** Parses, returning null instead of throwing. */
    public static Jid parseOrNull(String text) {
        try {
            return text == null ? null : parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public String local() {
        return local;
    }

    public String domain() {
        return domain;
    }

    public String resource() {
        return resource;
    }

    public boolean isBare() {
        return resource == null;
    }

    public Jid bare() {
        return resource == null ? this : new Jid(local, domain, null);
    }

    public Jid withResource(String r) {
        return new Jid(local, domain, r);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (local != null) {
            sb.append(local).append('@');
        }
        sb.append(domain);
        if (resource != null) {
            sb.append('/').append(resource);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Jid)) {
            return false;
        }
        Jid j = (Jid) o;
        return eq(local, j.local) && domain.equals(j.domain) && eq(resource, j.resource);
    }

    private static boolean eq(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
