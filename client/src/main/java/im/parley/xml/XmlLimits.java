package im.parley.xml;

/**
 * Resource limits for {@link XmlPullParser}; immutable, change with the {@code with...} methods.
 * Exceeding any limit is a {@link XmlException.Kind#POLICY_VIOLATION}, raised as soon as it is noticed
 * (within one input chunk), so that memory stays bounded by the limits plus one chunk.
 */
public final class XmlLimits {
    /** The safe defaults. */
    public static final XmlLimits DEFAULT = new XmlLimits(1_000_000, 64, 64, 256, 1_000_000, 65_536, 64);

    private final int maxStanzaChars;
    private final int maxDepth;
    private final int maxAttributes;
    private final int maxNameLength;
    private final int maxTextLength;
    private final int maxAttributeValueLength;
    private final int maxNamespaceDeclarations;

    private XmlLimits(int maxStanzaChars, int maxDepth, int maxAttributes, int maxNameLength, int maxTextLength,
            int maxAttributeValueLength, int maxNamespaceDeclarations) {
        this.maxStanzaChars = positive(maxStanzaChars);
        this.maxDepth = positive(maxDepth);
        this.maxAttributes = positive(maxAttributes);
        this.maxNameLength = positive(maxNameLength);
        this.maxTextLength = positive(maxTextLength);
        this.maxAttributeValueLength = positive(maxAttributeValueLength);
        this.maxNamespaceDeclarations = positive(maxNamespaceDeclarations);
    }

    private static int positive(int v) {
        if (v <= 0) {
            throw new IllegalArgumentException("limit must be positive: " + v);
        }
        return v;
    }

    public static XmlLimits defaults() {
        return DEFAULT;
    }

    /** Max chars of one stanza: a child of the stream root (stream mode) or a whole document (frame mode). */
    public int maxStanzaChars() {
        return maxStanzaChars;
    }

    /** Max element nesting depth (the root is depth 1). */
    public int maxDepth() {
        return maxDepth;
    }

    /** Max attributes per element, not counting namespace declarations. */
    public int maxAttributes() {
        return maxAttributes;
    }

    /** Max length of a qualified name (element, attribute, entity). */
    public int maxNameLength() {
        return maxNameLength;
    }

    /** Max length of one (coalesced) text node. */
    public int maxTextLength() {
        return maxTextLength;
    }

    /** Max length of one attribute value (after entity expansion). */
    public int maxAttributeValueLength() {
        return maxAttributeValueLength;
    }

    /** Max namespace declarations on one element. */
    public int maxNamespaceDeclarations() {
        return maxNamespaceDeclarations;
    }

    public XmlLimits withMaxStanzaChars(int v) {
        return new XmlLimits(v, maxDepth, maxAttributes, maxNameLength, maxTextLength, maxAttributeValueLength,
                maxNamespaceDeclarations);
    }

    public XmlLimits withMaxDepth(int v) {
        return new XmlLimits(maxStanzaChars, v, maxAttributes, maxNameLength, maxTextLength, maxAttributeValueLength,
                maxNamespaceDeclarations);
    }

    public XmlLimits withMaxAttributes(int v) {
        return new XmlLimits(maxStanzaChars, maxDepth, v, maxNameLength, maxTextLength, maxAttributeValueLength,
                maxNamespaceDeclarations);
    }

    public XmlLimits withMaxNameLength(int v) {
        return new XmlLimits(maxStanzaChars, maxDepth, maxAttributes, v, maxTextLength, maxAttributeValueLength,
                maxNamespaceDeclarations);
    }

    public XmlLimits withMaxTextLength(int v) {
        return new XmlLimits(maxStanzaChars, maxDepth, maxAttributes, maxNameLength, v, maxAttributeValueLength,
                maxNamespaceDeclarations);
    }

    public XmlLimits withMaxAttributeValueLength(int v) {
        return new XmlLimits(maxStanzaChars, maxDepth, maxAttributes, maxNameLength, maxTextLength, v,
                maxNamespaceDeclarations);
    }

    public XmlLimits withMaxNamespaceDeclarations(int v) {
        return new XmlLimits(maxStanzaChars, maxDepth, maxAttributes, maxNameLength, maxTextLength,
                maxAttributeValueLength, v);
    }

    @Override
    public String toString() {
        return "XmlLimits[stanza=" + maxStanzaChars + ", depth=" + maxDepth + ", attributes=" + maxAttributes
                + ", name=" + maxNameLength + ", text=" + maxTextLength + ", attributeValue="
                + maxAttributeValueLength + ", namespaces=" + maxNamespaceDeclarations + "]";
    }
}
