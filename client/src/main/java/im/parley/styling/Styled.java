package im.parley.styling;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * XEP-0393 message styling: blocks (preformatted "```" blocks, "&gt;" quotations, plain lines) and, in plain lines,
 * spans ({@code *strong*}, {@code _emphasis_}, {@code ~strike~}, {@code `pre`}), plus http(s) links. Directives
 * stay in the text as {@link Kind#DIRECTIVE} nodes (the UI shows them dimmed, as the XEP suggests). Plain Java.
 */
public final class Styled {
    /** What a node is; the UI maps each to an element. */
    public enum Kind { TEXT, STRONG, EMPHASIS, STRIKE, CODE, PRE, QUOTE, LINK, DIRECTIVE, BREAK }

    /** A node: text for TEXT, DIRECTIVE, CODE and PRE; children for the others; href for LINK. */
    public static final class Node {
        public final Kind kind;
        public final String text;
        public final String href;
        public final List<Node> children;

        Node(Kind kind, String text, String href, List<Node> children) {
            this.kind = kind;
            this.text = text;
            this.href = href;
            this.children = Collections.unmodifiableList(children);
        }

        static Node text(Kind kind, String text) {
            return new Node(kind, text, null, new ArrayList<>());
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            sb.append(kind.name().toLowerCase());
            if (href != null) {
                sb.append('[').append(href).append(']');
            }
            if (text != null) {
                sb.append('"').append(text).append('"');
            }
            if (!children.isEmpty()) {
                sb.append(children);
            }
            return sb.toString();
        }
    }

    /** Longest body styled; longer ones are shown as plain text (the parse is linear, this bounds its memory). */
    public static final int MAX_STYLED = 20_000;

    private Styled() {
    }

    /** The body as styled nodes. */
    public static List<Node> parse(String body) {
        if (body.length() > MAX_STYLED) {
            List<Node> plain = new ArrayList<>();
            plain.add(Node.text(Kind.TEXT, body));
            return plain;
        }
        return blocks(lines(body), 0);
    }

    private static List<String> lines(String s) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }

    private static List<Node> blocks(List<String> lines, int depth) {
        List<Node> out = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            if (!out.isEmpty()) {
                out.add(Node.text(Kind.BREAK, null));
            }
            if (line.startsWith("```")) {
                // A preformatted block: to the closing line "```", or to the end of the message (XEP-0393 6.1.2).
                StringBuilder pre = new StringBuilder();
                int j = i + 1;
                while (j < lines.size() && !lines.get(j).equals("```")) {
                    if (j > i + 1) {
                        pre.append('\n');
                    }
                    pre.append(lines.get(j));
                    j++;
                }
                List<Node> parts = new ArrayList<>();
                parts.add(Node.text(Kind.DIRECTIVE, line));
                parts.add(Node.text(Kind.PRE, pre.toString()));
                if (j < lines.size()) {
                    parts.add(Node.text(Kind.DIRECTIVE, "```"));
                }
                out.add(new Node(Kind.PRE, null, null, parts));
                i = j + 1;
            } else if (line.startsWith(">") && depth < 8) {
                // A quotation: consecutive lines starting with '>', one level stripped, parsed again.
                List<String> inner = new ArrayList<>();
                while (i < lines.size() && lines.get(i).startsWith(">")) {
                    String l = lines.get(i).substring(1);
                    inner.add(l.startsWith(" ") ? l.substring(1) : l);
                    i++;
                }
                out.add(new Node(Kind.QUOTE, null, null, blocks(inner, depth + 1)));
            } else {
                out.addAll(links(line));
                i++;
            }
        }
        return out;
    }

    /** Splits a line into links (http and https URLs) and styled text. */
    static List<Node> links(String line) {
        List<Node> out = new ArrayList<>();
        int from = 0;
        int i = 0;
        while (i < line.length()) {
            int end = urlAt(line, i);
            if (end > i) {
                out.addAll(spans(line.substring(from, i)));
                String url = line.substring(i, end);
                List<Node> label = new ArrayList<>();
                label.add(Node.text(Kind.TEXT, url));
                out.add(new Node(Kind.LINK, null, url, label));
                from = end;
                i = end;
            } else {
                i++;
            }
        }
        out.addAll(spans(line.substring(from)));
        return out;
    }

    /** The end of an http(s) URL starting at i (after whitespace or the line start), or i if there is none. */
    static int urlAt(String s, int i) {
        if (i > 0 && !Character.isWhitespace(s.charAt(i - 1)) && "(<\"'".indexOf(s.charAt(i - 1)) < 0) {
            return i;
        }
        int scheme = s.startsWith("https://", i) ? 8 : s.startsWith("http://", i) ? 7 : 0;
        if (scheme == 0) {
            return i;
        }
        int end = i + scheme;
        while (end < s.length() && !Character.isWhitespace(s.charAt(end)) && "<>\"`".indexOf(s.charAt(end)) < 0
                && s.charAt(end) >= 0x20) {
            end++;
        }
        // Trailing punctuation is the sentence's, not the URL's; a closing parenthesis counts only when opened in it.
        while (end > i + scheme) {
            char c = s.charAt(end - 1);
            if (".,;:!?'*_~".indexOf(c) >= 0 || (c == ')' && count(s, i, end, '(') < count(s, i, end, ')'))) {
                end--;
            } else {
                break;
            }
        }
        return end > i + scheme ? end : i;
    }

    private static int count(String s, int from, int to, char c) {
        int n = 0;
        for (int k = from; k < to; k++) {
            if (s.charAt(k) == c) {
                n++;
            }
        }
        return n;
    }

    private static boolean directive(char c) {
        return c == '*' || c == '_' || c == '~' || c == '`';
    }

    /** XEP-0393 6.2: spans within one line; an opening directive starts the line or follows whitespace or a directive. */
    static List<Node> spans(String s) {
        List<Node> out = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            boolean canOpen = directive(c) && (i == 0 || Character.isWhitespace(s.charAt(i - 1))
                    || directive(s.charAt(i - 1))) && i + 1 < s.length() && !Character.isWhitespace(s.charAt(i + 1));
            int close = canOpen ? closing(s, i) : -1;
            if (close < 0) {
                text.append(c);
                i++;
                continue;
            }
            if (text.length() > 0) {
                out.add(Node.text(Kind.TEXT, text.toString()));
                text.setLength(0);
            }
            String inner = s.substring(i + 1, close);
            List<Node> parts = new ArrayList<>();
            parts.add(Node.text(Kind.DIRECTIVE, String.valueOf(c)));
            if (c == '`') {
                parts.add(Node.text(Kind.CODE, inner));
            } else {
                parts.addAll(spans(inner));
            }
            parts.add(Node.text(Kind.DIRECTIVE, String.valueOf(c)));
            Kind kind = c == '*' ? Kind.STRONG : c == '_' ? Kind.EMPHASIS : c == '~' ? Kind.STRIKE : Kind.CODE;
            out.add(new Node(kind, null, null, parts));
            i = close + 1;
        }
        if (text.length() > 0) {
            out.add(Node.text(Kind.TEXT, text.toString()));
        }
        return out;
    }

    /** The matching closing directive: not right after the opening one, not preceded by whitespace. */
    private static int closing(String s, int open) {
        char c = s.charAt(open);
        for (int j = open + 2; j < s.length(); j++) {
            if (s.charAt(j) == c && !Character.isWhitespace(s.charAt(j - 1))) {
                return j;
            }
        }
        return -1;
    }
}
