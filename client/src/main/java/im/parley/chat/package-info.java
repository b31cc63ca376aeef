/** One-to-one chat messages (RFC 6121 section 5): sending, receiving, the non-roster policy. */
package im.parley.chat;
