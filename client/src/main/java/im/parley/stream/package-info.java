/**
 * The XMPP stream over a {@link im.parley.stream.Transport}: RFC 7395 framing, stream features, SASL
 * negotiation, resource binding, stream errors, IQ request tracking and stanza dispatch to feature handlers.
 * The connection knows no XEP; features register {@link im.parley.stream.StanzaHandler}s.
 */
package im.parley.stream;
