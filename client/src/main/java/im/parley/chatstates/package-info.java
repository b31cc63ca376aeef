/** XEP-0085 Chat State Notifications: elements ({@link im.parley.chatstates.ChatStates}) and their exchange. */
package im.parley.chatstates;
