/** Message reactions (XEP-0444): the element in {@link im.parley.reactions.Reactions}; the client checks and applies them. */
package im.parley.reactions;
