package im.parley.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.parley.xml.XmlElement;
import im.parley.xml.XmlTreeBuilder;
import org.junit.jupiter.api.Test;

/** allow_adhoc_commands and allow_muc_invitations, and what any plugin-sent stanza must look like. */
class StanzaPolicyTest {
    private static XmlElement x(String xml) throws Exception {
        return XmlTreeBuilder.parse(xml);
    }

    private static final String COMMAND = "<iq xmlns='jabber:client' type='set' to='localhost' id='1'>"
            + "<command xmlns='http://jabber.org/protocol/commands' node='http://jabber.org/protocol/admin#get-online-users' "
            + "action='execute'/></iq>";
    private static final String LIST_COMMANDS = "<iq xmlns='jabber:client' type='get' to='localhost' id='2'>"
            + "<query xmlns='http://jabber.org/protocol/disco#items' node='http://jabber.org/protocol/commands'/></iq>";
    private static final String DIRECT_INVITE = "<message xmlns='jabber:client' to='bob@localhost'>"
            + "<x xmlns='jabber:x:conference' jid='room@muc.localhost'/></message>";
    private static final String MEDIATED_INVITE = "<message xmlns='jabber:client' to='room@muc.localhost'>"
            + "<x xmlns='http://jabber.org/protocol/muc#user'><invite to='bob@localhost'/></x></message>";

    @Test
    void switchedOffCommandsAndInvitationsAreRefused() throws Exception {
        StanzaPolicy off = new StanzaPolicy(false, false);
        assertEquals("ad-hoc commands are switched off (allow_adhoc_commands)", off.outbound(x(COMMAND)));
        assertEquals("ad-hoc commands are switched off (allow_adhoc_commands)", off.outbound(x(LIST_COMMANDS)));
        assertEquals("group chat invitations are switched off (allow_muc_invitations)", off.outbound(x(DIRECT_INVITE)));
        assertEquals("group chat invitations are switched off (allow_muc_invitations)",
                off.outbound(x(MEDIATED_INVITE)));
        assertTrue(off.dropInbound(x(DIRECT_INVITE)));
        assertTrue(off.dropInbound(x(MEDIATED_INVITE)));

        StanzaPolicy on = StanzaPolicy.defaults();
        assertNull(on.outbound(x(COMMAND)));
        assertNull(on.outbound(x(LIST_COMMANDS)));
        assertNull(on.outbound(x(DIRECT_INVITE)));
        assertFalse(on.dropInbound(x(DIRECT_INVITE)));
        // A muc#user element without an invitation (a presence status, a decline) is not an invitation.
        assertNull(off.outbound(x("<message xmlns='jabber:client' to='room@muc.localhost'>"
                + "<x xmlns='http://jabber.org/protocol/muc#user'><decline to='bob@localhost'/></x></message>")));
    }

    @Test
    void pluginStanzasMustBeWellFormedClientStanzas() throws Exception {
        StanzaPolicy p = StanzaPolicy.defaults();
        assertNull(p.outbound(x("<message xmlns='jabber:client' to='bob@localhost' type='chat'><body>hi</body></message>")));
        assertEquals("a stanza must not carry a 'from' address; the server sets it",
                p.outbound(x("<message xmlns='jabber:client' from='bob@localhost' to='alice@localhost'/>")));
        assertEquals("only message, presence and iq stanzas of jabber:client can be sent",
                p.outbound(x("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'/>")));
        assertEquals("only message, presence and iq stanzas of jabber:client can be sent",
                p.outbound(x("<message xmlns='jabber:server' to='bob@localhost'/>")));
        assertEquals("an iq needs a type of get, set, result or error",
                p.outbound(x("<iq xmlns='jabber:client' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>")));
        assertEquals("an iq get or set carries exactly one payload element",
                p.outbound(x("<iq xmlns='jabber:client' type='get' to='localhost'/>")));
    }
}
