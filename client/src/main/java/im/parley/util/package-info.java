/** Small platform-free helpers: JIDs, base64, string splitting. */
package im.parley.util;
