/** Cryptographic primitives behind one interface ({@link im.parley.crypto.Crypto}), with portable pure-Java digests. */
package im.parley.crypto;
