/** The roster (RFC 6121): element parsing in {@link im.parley.roster.RosterIq}, logic in {@link im.parley.roster.RosterManager}. */
package im.parley.roster;
