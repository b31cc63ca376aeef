/** A small bounded JSON codec shared by the worker and the frame. */
package im.parley.json;
