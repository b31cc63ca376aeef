/** embed.js: the host-page facade whose only global is the frozen {@code parley} object. */
package im.parley.web.embed;
