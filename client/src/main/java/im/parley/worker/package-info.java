/** The Web Worker entry point: wires the browser bindings to the bridge controller. */
package im.parley.worker;
