package im.parley.policy;

import im.parley.stream.Ns;
import im.parley.xml.XmlElement;

/**
 * Converse's secure settings, enforced where stanzas pass rather than only hidden in the UI:
 * {@code allow_adhoc_commands} (XEP-0050 commands may be listed or run) and {@code allow_muc_invitations}
 * (invitations to group chats, XEP-0045 mediated and XEP-0249 direct, may be sent or received). It also holds what
 * any plugin-sent stanza must be: a message, presence or IQ of {@code jabber:client} with no 'from' (the server
 * stamps it) and, for an IQ, a type and exactly one payload for get and set.
 */
public final class StanzaPolicy {
    public static final String COMMANDS = "http://jabber.org/protocol/commands";
    public static final String DISCO_ITEMS = "http://jabber.org/protocol/disco#items";
    public static final String CONFERENCE = "jabber:x:conference";
    public static final String MUC_USER = "http://jabber.org/protocol/muc#user";

    private final boolean allowAdhocCommands;
    private final boolean allowMucInvitations;

    public StanzaPolicy(boolean allowAdhocCommands, boolean allowMucInvitations) {
        this.allowAdhocCommands = allowAdhocCommands;
        this.allowMucInvitations = allowMucInvitations;
    }

    /** Converse's defaults: both allowed. */
    public static StanzaPolicy defaults() {
        return new StanzaPolicy(true, true);
    }

    /** Why this stanza may not be sent by a plugin, or null if it may. */
    public String outbound(XmlElement s) {
        if (!Ns.CLIENT.equals(s.namespace())
                || !("message".equals(s.name()) || "presence".equals(s.name()) || "iq".equals(s.name()))) {
            return "only message, presence and iq stanzas of jabber:client can be sent";
        }
        if (s.attr("from") != null) {
            return "a stanza must not carry a 'from' address; the server sets it";
        }
        if ("iq".equals(s.name())) {
            String type = s.attr("type");
            if (!"get".equals(type) && !"set".equals(type) && !"result".equals(type) && !"error".equals(type)) {
                return "an iq needs a type of get, set, result or error";
            }
            if (("get".equals(type) || "set".equals(type)) && s.children().size() != 1) {
                return "an iq get or set carries exactly one payload element";
            }
            if (!allowAdhocCommands && isCommand(s)) {
                return "ad-hoc commands are switched off (allow_adhoc_commands)";
            }
        }
        if ("message".equals(s.name()) && !allowMucInvitations && isInvitation(s)) {
            return "group chat invitations are switched off (allow_muc_invitations)";
        }
        return null;
    }

    /** Whether an incoming stanza is to be dropped (an invitation when they are switched off). */
    public boolean dropInbound(XmlElement s) {
        return "message".equals(s.name()) && !allowMucInvitations && isInvitation(s);
    }

    /** An XEP-0050 command: executed, or listed through the commands node (XEP-0050 2.1). */
    static boolean isCommand(XmlElement iq) {
        if (iq.child("command", COMMANDS) != null) {
            return true;
        }
        XmlElement query = iq.child("query", DISCO_ITEMS);
        return query != null && COMMANDS.equals(query.attr("node"));
    }

    /** XEP-0249 direct or XEP-0045 mediated invitation. */
    static boolean isInvitation(XmlElement message) {
        if (message.child("x", CONFERENCE) != null) {
            return true;
        }
        XmlElement x = message.child("x", MUC_USER);
        return x != null && x.child("invite", MUC_USER) != null;
    }
}
