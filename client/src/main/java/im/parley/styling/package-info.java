/**
 * Message styling (XEP-0393) and safe links: a message body becomes a small tree of {@link im.parley.styling.Styled.Node}s
 * (text, strong, emphasis, strike, code, preformatted and quoted blocks, links) that the UI turns into DOM nodes
 * with text only, never markup. Links are made only of http(s) URLs, so no {@code javascript:} or {@code data:} URL
 * can become clickable.
 */
package im.parley.styling;
