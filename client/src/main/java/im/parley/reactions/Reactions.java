package im.parley.reactions;

import im.parley.stream.Ns;
import im.parley.xml.XmlElement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * XEP-0444: {@code <reactions id='message id' xmlns='urn:xmpp:reactions:0'><reaction>👍</reaction>...</reactions>}.
 * Each one carries the sender's whole set for that message (an empty set withdraws them). A reaction is short text
 * (an emoji); longer ones, and more than {@link #MAX} of them, are dropped.
 */
public final class Reactions {
    public static final String NS = "urn:xmpp:reactions:0";
    public static final int MAX = 20;
    /** UTF-16 units in one reaction: an emoji sequence with modifiers and joiners fits. */
    static final int MAX_LENGTH = 32;

    private Reactions() {
    }

    /** The id of the message reacted to, or null if this message carries no reactions. */
    public static String target(XmlElement message) {
        XmlElement r = message.child("reactions", NS);
        String id = r == null ? null : r.attr("id");
        return id == null || id.isEmpty() ? null : id;
    }

    /** The reactions in a message, checked and without duplicates, in order. */
    public static List<String> of(XmlElement message) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        XmlElement r = message.child("reactions", NS);
        if (r != null) {
            for (XmlElement e : r.children("reaction", NS)) {
                String text = e.text().trim();
                if (valid(text) && out.size() < MAX) {
                    out.add(text);
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** Short, and no letters or digits of any script (reactions are emoji, not messages). */
    public static boolean valid(String text) {
        if (text.isEmpty() || text.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) < 0x20) {
                return false;
            }
        }
        return true;
    }

    /** A message carrying the user's whole set of reactions to message {@code id}, with a store hint. */
    public static XmlElement message(String to, String newId, String id, List<String> reactions) {
        XmlElement.Builder r = XmlElement.builder("reactions", NS).attr("id", id);
        for (String text : reactions) {
            r.child(XmlElement.builder("reaction", NS).text(text));
        }
        return XmlElement.builder("message", Ns.CLIENT).attr("to", to).attr("type", "chat").attr("id", newId)
                .child(r).child(XmlElement.builder("store", "urn:xmpp:hints")).build();
    }
}
