package im.parley.styling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** XEP-0393's rules and examples, and which URLs become links. */
class StyledTest {
    private static String p(String body) {
        return Styled.parse(body).toString();
    }

    @Test
    void spans() {
        assertEquals("[strong[directive\"*\", text\"bold\", directive\"*\"]]", p("*bold*"));
        assertEquals("[text\"a \", emphasis[directive\"_\", text\"b\", directive\"_\"], text\" c\"]", p("a _b_ c"));
        assertEquals("[strike[directive\"~\", text\"gone\", directive\"~\"]]", p("~gone~"));
        // Inside a code span nothing is styled.
        assertEquals("[code[directive\"`\", code\"*x*\", directive\"`\"]]", p("`*x*`"));
        // Nested: strong inside emphasis.
        assertEquals("[emphasis[directive\"_\", strong[directive\"*\", text\"both\", directive\"*\"], directive\"_\"]]",
                p("_*both*_"));
    }

    @Test
    void notSpans() {
        // Whitespace after the opening or before the closing directive, an empty span, mid-word directives,
        // a span across lines: all plain text (XEP-0393 6.2).
        assertEquals("[text\"* not bold *\"]", p("* not bold *"));
        assertEquals("[text\"**\"]", p("**"));
        assertEquals("[text\"snake_case_name\"]", p("snake_case_name"));
        assertEquals("[text\"*a\", break, text\"b*\"]", p("*a\nb*"));
        assertEquals("[text\"2 * 3 * 4\"]", p("2 * 3 * 4"));
    }

    @Test
    void blocks() {
        assertEquals("[quote[text\"quoted \", strong[directive\"*\", text\"text\", directive\"*\"]], break, text\"reply\"]",
                p("> quoted *text*\nreply"));
        assertEquals("[pre[directive\"```\", pre\"*not bold*\n> not quoted\", directive\"```\"], break, text\"after\"]",
                p("```\n*not bold*\n> not quoted\n```\nafter"));
        // An unclosed preformatted block runs to the end of the message.
        assertEquals("[pre[directive\"```\", pre\"code\"]]", p("```\ncode"));
        assertEquals("[quote[quote[text\"deep\"]]]", p(">> deep"));
    }

    @Test
    void onlyHttpUrlsBecomeLinks() {
        assertEquals("[text\"see \", link[https://example.org/a_b?x=1][text\"https://example.org/a_b?x=1\"], text\".\"]",
                p("see https://example.org/a_b?x=1."));
        assertEquals("[text\"(\", link[http://example.org/wiki/X_(y)][text\"http://example.org/wiki/X_(y)\"], text\")\"]",
                p("(http://example.org/wiki/X_(y))"));
        assertEquals("[text\"javascript:alert(1) data:text/html,x xmpp:a@b file:///etc/passwd\"]",
                p("javascript:alert(1) data:text/html,x xmpp:a@b file:///etc/passwd"));
        assertEquals("[text\"xhttps://example.org\"]", p("xhttps://example.org"));
        assertEquals("[text\"<img src=x onerror=alert(1)>\"]", p("<img src=x onerror=alert(1)>"));
        assertEquals("[text\"https://\"]", p("https://"));
    }
}
