/** XEP-0313 Message Archive Management: query elements ({@link im.parley.mam.Mam}) and queries of the own archive. */
package im.parley.mam;
