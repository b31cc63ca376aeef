/** XMPP ping (XEP-0199), the answering side: {@link im.parley.ping.PingResponder}. (The keepalive that sends pings is in the stream package.) */
package im.parley.ping;
