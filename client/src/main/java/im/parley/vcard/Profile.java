package im.parley.vcard;

import im.parley.xml.XmlElement;

/**
 * The profile fields of a vCard-temp (XEP-0054) that Parley shows and edits, as Converse does: full name, nickname,
 * email, web address and role. Values from the network are trimmed to {@link #MAX} characters; the web address is
 * kept only if it is http(s).
 */
public final class Profile {
    public static final int MAX = 500;

    private final String fullName;
    private final String nickname;
    private final String email;
    private final String url;
    private final String role;

    public Profile(String fullName, String nickname, String email, String url, String role) {
        this.fullName = clean(fullName);
        this.nickname = clean(nickname);
        this.email = clean(email);
        String u = clean(url);
        this.url = u != null && !(u.startsWith("https://") || u.startsWith("http://")) ? null : u;
        this.role = clean(role);
    }

    /** For what the user typed: too long a value is an error, not cut; a web address must be http(s). */
    public static Profile checked(String fullName, String nickname, String email, String url, String role) {
        for (String v : new String[] {fullName, nickname, email, url, role}) {
            if (v != null && v.trim().length() > MAX) {
                throw new IllegalArgumentException("a profile field is at most " + MAX + " characters");
            }
        }
        String u = url == null ? "" : url.trim();
        if (!u.isEmpty() && !(u.startsWith("https://") || u.startsWith("http://"))) {
            throw new IllegalArgumentException("the web address must start with https:// or http://");
        }
        return new Profile(fullName, nickname, email, url, role);
    }

    private static String clean(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < MAX; i++) {
            char c = s.charAt(i);
            sb.append(c < ' ' || c == 0x7f ? ' ' : c);
        }
        String t = sb.toString().trim();
        return t.isEmpty() ? null : t;
    }

    /** The fields of a vCard element (null: an empty profile). */
    public static Profile of(XmlElement vcard) {
        if (vcard == null) {
            return new Profile(null, null, null, null, null);
        }
        XmlElement email = vcard.child("EMAIL", AvatarManager.VCARD);
        return new Profile(vcard.childText("FN", AvatarManager.VCARD), vcard.childText("NICKNAME", AvatarManager.VCARD),
                email == null ? null : email.childText("USERID", AvatarManager.VCARD),
                vcard.childText("URL", AvatarManager.VCARD), vcard.childText("ROLE", AvatarManager.VCARD));
    }

    /** The vCard elements this profile writes. */
    static final java.util.List<String> FIELDS = java.util.Arrays.asList("FN", "NICKNAME", "EMAIL", "URL", "ROLE");

    /** Adds this profile's fields to a vCard being written. */
    void writeTo(XmlElement.Builder vcard) {
        if (fullName != null) {
            vcard.textChild("FN", fullName);
        }
        if (nickname != null) {
            vcard.textChild("NICKNAME", nickname);
        }
        if (email != null) {
            vcard.child(XmlElement.builder("EMAIL", AvatarManager.VCARD)
                    .child(XmlElement.builder("INTERNET", AvatarManager.VCARD)).textChild("USERID", email));
        }
        if (url != null) {
            vcard.textChild("URL", url);
        }
        if (role != null) {
            vcard.textChild("ROLE", role);
        }
    }

    public String fullName() {
        return fullName;
    }

    public String nickname() {
        return nickname;
    }

    public String email() {
        return email;
    }

    public String url() {
        return url;
    }

    public String role() {
        return role;
    }
}
