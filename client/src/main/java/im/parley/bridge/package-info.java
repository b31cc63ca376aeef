/** The frame/worker bridge: the versioned message schema ({@link im.parley.bridge.Wire}) and the worker's controller. */
package im.parley.bridge;
