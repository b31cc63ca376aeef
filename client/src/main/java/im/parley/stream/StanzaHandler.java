package im.parley.stream;

import im.parley.xml.XmlElement;

/** Receives stanzas on a bound session. Returns true when it handled the stanza. */
public interface StanzaHandler {
    boolean handle(XmlElement stanza);
}
