/**
 * The deployment's secure configuration, enforced on stanzas in the worker: what plugins may send and which
 * incoming offers (invitations) are dropped ({@link im.parley.policy.StanzaPolicy}).
 */
package im.parley.policy;
