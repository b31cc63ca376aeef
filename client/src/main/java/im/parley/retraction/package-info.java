/** Message retraction (XEP-0424): the element in {@link im.parley.retraction.Retraction}; the chat feature applies it. */
package im.parley.retraction;
