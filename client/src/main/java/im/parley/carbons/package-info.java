/** XEP-0280 Message Carbons: elements ({@link im.parley.carbons.Carbons}) and the copies' handling. */
package im.parley.carbons;
