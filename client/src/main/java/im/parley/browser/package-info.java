/** Thin TeaVM JSO bindings to browser APIs (WebSocket, crypto.getRandomValues, worker scope). Never used by the core. */
package im.parley.browser;
