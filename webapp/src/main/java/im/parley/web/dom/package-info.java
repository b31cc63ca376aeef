/** Thin JSO bindings to the DOM for the Parley frame and the host facade. */
package im.parley.web.dom;
