/**
 * Service discovery (XEP-0030) and entity capabilities (XEP-0115): {@link im.parley.disco.DiscoManager} answers
 * disco#info queries with the client's identity and the features of its plugins, and computes the caps hash that
 * the client's presence carries, so that other clients know what Parley understands without asking.
 */
package im.parley.disco;
