/**
 * BOSH (XEP-0124, XEP-0206): {@link im.parley.bosh.BoshTransport} carries the same frames as RFC 7395 WebSocket
 * framing over HTTP long-polling, so the session above it does not know which transport it runs on. HTTP itself is
 * behind {@link im.parley.bosh.BoshTransport.Http}: fetch in the worker, java.net.http on the JVM.
 */
package im.parley.bosh;
