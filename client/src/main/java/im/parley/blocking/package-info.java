/**
 * Blocking (XEP-0191): the block list in {@link im.parley.blocking.BlockingManager}, which reads it at login, follows
 * the server's pushes (only from the account itself) and blocks and unblocks JIDs.
 */
package im.parley.blocking;
