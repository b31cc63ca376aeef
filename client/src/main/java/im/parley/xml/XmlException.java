package im.parley.xml;

/**
 * A fatal error in an XMPP XML stream. {@link #kind()} maps to the XMPP stream error condition to send
 * ({@link Kind#condition()}); {@link #line()} and {@link #column()} are 1-based (columns count UTF-16 units).
 */
public final class XmlException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Classes of XML errors, each with the RFC 6120 stream error condition it maps to. */
    public enum Kind {
        /** Not well-formed XML (or not namespace-well-formed, or invalid UTF-8). */
        NOT_WELL_FORMED("not-well-formed"),
        /** Well-formed but outside XMPP's restricted XML (DTD, comments, processing instructions, entities). */
        RESTRICTED_XML("restricted-xml"),
        /** A configured {@link XmlLimits} limit was exceeded. */
        POLICY_VIOLATION("policy-violation");

        private final String condition;

        Kind(String condition) {
            this.condition = condition;
        }

        /** The XMPP stream error condition element name, e.g. {@code "not-well-formed"}. */
        public String condition() {
            return condition;
        }
    }

    private final Kind kind;
    private final int line;
    private final int column;
    private final String detail;

    public XmlException(Kind kind, String detail, int line, int column) {
        super("line " + line + ", column " + column + ": " + detail);
        this.kind = kind;
        this.detail = detail;
        this.line = line;
        this.column = column;
    }

    public Kind kind() {
        return kind;
    }

    /** 1-based line of the error. */
    public int line() {
        return line;
    }

    /** 1-based column of the error (in UTF-16 code units). */
    public int column() {
        return column;
    }

    /** The message without the location prefix. */
    public String detail() {
        return detail;
    }
}
