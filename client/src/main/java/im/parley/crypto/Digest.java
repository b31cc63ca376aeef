package im.parley.crypto;

/** A one-shot message digest over byte arrays, with its block and output sizes for HMAC. */
interface Digest {
    int blockSize();

    int length();

    void update(byte[] data, int off, int len);

    /** Returns the digest and resets the state. */
    byte[] finish();
}
