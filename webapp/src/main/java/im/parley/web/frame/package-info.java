/** The Parley frame: bootstrap, host handshake, worker link and the chat UI. */
package im.parley.web.frame;
