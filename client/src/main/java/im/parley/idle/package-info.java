/** Last User Interaction in Presence (XEP-0319): the idle element in the user's presence and in contacts'. */
package im.parley.idle;
