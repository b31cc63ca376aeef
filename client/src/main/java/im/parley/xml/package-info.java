/**
 * Parley's own XML for XMPP: a streaming, incremental, namespace-aware pull parser for RFC 6120 restricted XML
 * ({@link im.parley.xml.XmlPullParser}, hardened with {@link im.parley.xml.XmlLimits} and reporting
 * {@link im.parley.xml.XmlException}s whose kind maps to the XMPP stream error condition), an immutable element
 * model ({@link im.parley.xml.XmlElement}), a tree builder for TCP streams and RFC 7395 WebSocket frames
 * ({@link im.parley.xml.XmlTreeBuilder}) and a serializer ({@link im.parley.xml.XmlWriter}).
 *
 * <p>Written for TeaVM (JavaScript and WebAssembly-GC): only java.lang and java.util, no regular expressions,
 * reflection, charsets, String.format or threads. The parser scans a char buffer with indices, decodes UTF-8
 * itself, never uses exceptions for control flow and never recurses.
 */
package im.parley.xml;
