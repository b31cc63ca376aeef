/** Presence (RFC 6121 section 4): own availability and contacts' availability per resource. */
package im.parley.presence;
