package im.parley.crypto;

/** A one-shot message digest over byte arrays, with its block and output sizes for HMAC. */
interface Digest {
    int blockSize();

    int length();

    void update(byte[] data, int off, int len);

    /** Returns the digest and resets the state. */
    byte[] finish();

    /** The big-endian 32-bit word at {@code at} (the SHA family reads its blocks so). */
    static int word(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    /** The words, most significant byte first (the SHA family's output). */
    static byte[] bigEndian(int[] words) {
        byte[] out = new byte[words.length * 4];
        for (int i = 0; i < words.length; i++) {
            out[i * 4] = (byte) (words[i] >>> 24);
            out[i * 4 + 1] = (byte) (words[i] >>> 16);
            out[i * 4 + 2] = (byte) (words[i] >>> 8);
            out[i * 4 + 3] = (byte) words[i];
        }
        return out;
    }
}
