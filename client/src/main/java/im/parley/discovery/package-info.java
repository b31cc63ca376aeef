/**
 * XEP-0156 Discovering Alternative XMPP Connection Methods: the host-meta documents (JSON and XRD,
 * {@link im.parley.discovery.HostMeta}) and the lookup of a domain's WebSocket or BOSH endpoint when the settings
 * give only an address ({@link im.parley.discovery.ConnectionDiscovery}, Converse's
 * {@code discover_connection_methods}).
 */
package im.parley.discovery;
