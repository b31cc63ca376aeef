/** XEP-0184 Message Delivery Receipts: elements ({@link im.parley.receipts.Receipts}) and their handling. */
package im.parley.receipts;
