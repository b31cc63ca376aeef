package im.parley.xml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An immutable XML element: local name, namespace URI, attributes and mixed content (child elements and text, in
 * document order; adjacent text is merged and empty text dropped). Equality is structural; attribute order does
 * not matter, content order does.
 */
public final class XmlElement {
    private static final List<XmlAttribute> NO_ATTRS = Collections.emptyList();
    private static final List<Object> NO_CONTENT = Collections.emptyList();
    private static final List<XmlElement> NO_CHILDREN = Collections.emptyList();

    private final String name;
    private final String namespace;
    private final List<XmlAttribute> attributes;
    private final List<Object> content;
    private List<XmlElement> children;
    private int hash;

    /** Trusted constructor: lists are already normalized and not shared. */
    XmlElement(String name, String namespace, List<XmlAttribute> attributes, List<Object> content) {
        this.name = name;
        this.namespace = namespace == null ? "" : namespace;
        this.attributes = attributes == null || attributes.isEmpty() ? NO_ATTRS
                : Collections.unmodifiableList(attributes);
        this.content = content == null || content.isEmpty() ? NO_CONTENT : Collections.unmodifiableList(content);
    }

    public static Builder builder(String name, String namespace) {
        return new Builder(name, namespace);
    }

    /** Local name. */
    public String name() {
        return name;
    }

    /** Namespace URI, "" if none. */
    public String namespace() {
        return namespace;
    }

    /** Value of the attribute with no namespace and that local name, or null. */
    public String attr(String localName) {
        return attr("", localName);
    }

    /** Value of the attribute with that namespace (null or "" for none) and local name, or null. */
    public String attr(String namespace, String localName) {
        String ns = namespace == null ? "" : namespace;
        for (int i = 0, n = attributes.size(); i < n; i++) {
            XmlAttribute a = attributes.get(i);
            if (a.name().equals(localName) && a.namespace().equals(ns)) {
                return a.value();
            }
        }
        return null;
    }

    public List<XmlAttribute> attributes() {
        return attributes;
    }

    /** Mixed content: {@link XmlElement} and {@link String} items in document order. */
    public List<Object> content() {
        return content;
    }

    public List<XmlElement> children() {
        List<XmlElement> c = children;
        if (c == null) {
            List<XmlElement> l = null;
            for (Object o : content) {
                if (o instanceof XmlElement) {
                    if (l == null) {
                        l = new ArrayList<>();
                    }
                    l.add((XmlElement) o);
                }
            }
            c = children = l == null ? NO_CHILDREN : Collections.unmodifiableList(l);
        }
        return c;
    }

    /** First child with that local name and namespace (null = any namespace), or null. */
    public XmlElement child(String name, String namespace) {
        for (Object o : content) {
            if (o instanceof XmlElement) {
                XmlElement e = (XmlElement) o;
                if (e.name.equals(name) && (namespace == null || e.namespace.equals(namespace))) {
                    return e;
                }
            }
        }
        return null;
    }

    /** All children with that local name and namespace (null = any namespace). */
    public List<XmlElement> children(String name, String namespace) {
        List<XmlElement> l = new ArrayList<>();
        for (Object o : content) {
            if (o instanceof XmlElement) {
                XmlElement e = (XmlElement) o;
                if ((name == null || e.name.equals(name)) && (namespace == null || e.namespace.equals(namespace))) {
                    l.add(e);
                }
            }
        }
        return Collections.unmodifiableList(l);
    }

    /** Concatenated direct text content ("" if none). */
    public String text() {
        String single = null;
        StringBuilder sb = null;
        for (Object o : content) {
            if (o instanceof String) {
                if (single == null) {
                    single = (String) o;
                } else {
                    if (sb == null) {
                        sb = new StringBuilder(single);
                    }
                    sb.append((String) o);
                }
            }
        }
        return sb != null ? sb.toString() : single == null ? "" : single;
    }

    /** Text of the first matching child, or null if there is no such child. */
    public String childText(String name, String namespace) {
        XmlElement c = child(name, namespace);
        return c == null ? null : c.text();
    }

    public String toXml() {
        return XmlWriter.write(this);
    }

    @Override
    public String toString() {
        return toXml();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof XmlElement)) {
            return false;
        }
        XmlElement e = (XmlElement) o;
        if (!name.equals(e.name) || !namespace.equals(e.namespace) || attributes.size() != e.attributes.size()
                || content.size() != e.content.size()) {
            return false;
        }
        if (hash != 0 && e.hash != 0 && hash != e.hash) {
            return false;
        }
        for (XmlAttribute a : attributes) {
            String v = e.attr(a.namespace(), a.name());
            if (v == null || !v.equals(a.value())) {
                return false;
            }
        }
        return content.equals(e.content);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = name.hashCode() * 31 + namespace.hashCode();
            int ah = 0;
            for (XmlAttribute a : attributes) {
                ah += a.hashCode();
            }
            h = h * 31 + ah;
            h = h * 31 + content.hashCode();
            if (h == 0) {
                h = 1;
            }
            hash = h;
        }
        return h;
    }

    /** Adds text to a content list, merging with a preceding string and skipping empty text. */
    static void addText(List<Object> content, String t) {
        if (t == null || t.isEmpty()) {
            return;
        }
        int n = content.size();
        if (n > 0 && content.get(n - 1) instanceof String) {
            content.set(n - 1, (String) content.get(n - 1) + t);
        } else {
            content.add(t);
        }
    }

    /** Mutable builder; {@link #build()} may be called more than once. */
    public static final class Builder {
        private final String name;
        private final String namespace;
        private final List<XmlAttribute> attributes = new ArrayList<>();
        private final List<Object> content = new ArrayList<>();

        Builder(String name, String namespace) {
            if (name == null) {
                throw new NullPointerException("name");
            }
            this.name = name;
            this.namespace = namespace == null ? "" : namespace;
        }

        /** Sets a no-namespace attribute; a null value is skipped. */
        public Builder attr(String name, String value) {
            return attr("", name, value);
        }

        /** Sets an attribute in a namespace (null or "" for none); a null value is skipped. */
        public Builder attr(String ns, String name, String value) {
            if (value == null) {
                return this;
            }
            if (name == null) {
                throw new NullPointerException("name");
            }
            String n = ns == null ? "" : ns;
            XmlAttribute a = new XmlAttribute(n, name, value);
            for (int i = 0; i < attributes.size(); i++) {
                XmlAttribute o = attributes.get(i);
                if (o.name().equals(name) && o.namespace().equals(n)) {
                    attributes.set(i, a);
                    return this;
                }
            }
            attributes.add(a);
            return this;
        }

        /** Adds an attribute object (replacing one with the same expanded name). */
        public Builder attr(XmlAttribute a) {
            for (int i = 0; i < attributes.size(); i++) {
                XmlAttribute o = attributes.get(i);
                if (o.name().equals(a.name()) && o.namespace().equals(a.namespace())) {
                    attributes.set(i, a);
                    return this;
                }
            }
            attributes.add(a);
            return this;
        }

        public Builder child(XmlElement e) {
            if (e != null) {
                content.add(e);
            }
            return this;
        }

        /** Adds the element currently built by b. */
        public Builder child(Builder b) {
            if (b != null) {
                content.add(b.build());
            }
            return this;
        }

        /** Appends text; null is skipped. */
        public Builder text(String t) {
            addText(content, t);
            return this;
        }

        /** Adds a child in this element's namespace containing text; skipped when text is null. */
        public Builder textChild(String name, String text) {
            if (text != null) {
                content.add(new Builder(name, namespace).text(text).build());
            }
            return this;
        }

        public XmlElement build() {
            return new XmlElement(name, namespace, new ArrayList<>(attributes), new ArrayList<>(content));
        }
    }
}
