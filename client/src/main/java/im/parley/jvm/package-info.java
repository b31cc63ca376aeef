/** JVM implementations of the platform interfaces (WebSocket transport, crypto), for tests and JVM use. */
package im.parley.jvm;
