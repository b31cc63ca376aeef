package im.parley.xml;

/** An attribute of an {@link XmlElement}: namespace URI ("" for none), local name, value, optional prefix hint. */
public final class XmlAttribute {
    private final String namespace;
    private final String name;
    private final String value;
    private final String prefix;

    public XmlAttribute(String namespace, String name, String value) {
        this(namespace, name, value, null);
    }

    /** prefix is only a hint for serialization (may be null) and does not take part in equality. */
    public XmlAttribute(String namespace, String name, String value, String prefix) {
        if (name == null || value == null) {
            throw new NullPointerException(name == null ? "name" : "value");
        }
        this.namespace = namespace == null ? "" : namespace;
        this.name = name;
        this.value = value;
        this.prefix = prefix == null || prefix.isEmpty() ? null : prefix;
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    public String value() {
        return value;
    }

    /** The prefix seen when parsed (or suggested), or null. */
    public String prefix() {
        return prefix;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof XmlAttribute)) {
            return false;
        }
        XmlAttribute a = (XmlAttribute) o;
        return name.equals(a.name) && namespace.equals(a.namespace) && value.equals(a.value);
    }

    @Override
    public int hashCode() {
        return (namespace.hashCode() * 31 + name.hashCode()) * 31 + value.hashCode();
    }

    @Override
    public String toString() {
        return (namespace.isEmpty() ? "" : "{" + namespace + "}") + name + "=\"" + value + "\"";
    }
}
