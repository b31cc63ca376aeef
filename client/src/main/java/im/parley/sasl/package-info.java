/** SASL client mechanisms (SCRAM-SHA-1, SCRAM-SHA-256, PLAIN) and the choice between them. */
package im.parley.sasl;
