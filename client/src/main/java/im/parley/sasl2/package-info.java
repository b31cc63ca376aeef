/**
 * XEP-0388 Extensible SASL Profile (SASL2): its elements ({@link im.parley.sasl2.Sasl2}). The exchange itself runs
 * in {@link im.parley.stream.XmppConnection}, with the same mechanisms as SASL ({@link im.parley.sasl}) and no
 * stream restart; resource binding rides along inline ({@link im.parley.bind2}).
 */
package im.parley.sasl2;
