/** Last message correction (XEP-0308): the element in {@link im.parley.correction.Correction}; the chat feature applies it. */
package im.parley.correction;
