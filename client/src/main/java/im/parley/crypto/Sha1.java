package im.parley.crypto;

/** SHA-1 (FIPS 180-4), used only where a protocol demands it (SCRAM-SHA-1, XEP-0115). */
final class Sha1 implements Digest {
    private final int[] h = new int[5];
    private final int[] w = new int[80];
    private final byte[] block = new byte[64];
    private int blockLen;
    private long total;

    Sha1() {
        reset();
    }

    private void reset() {
        h[0] = 0x67452301;
        h[1] = 0xEFCDAB89;
        h[2] = 0x98BADCFE;
        h[3] = 0x10325476;
        h[4] = 0xC3D2E1F0;
        blockLen = 0;
        total = 0;
    }

    @Override
    public int blockSize() {
        return 64;
    }

    @Override
    public int length() {
        return 20;
    }

    @Override
    public void update(byte[] data, int off, int len) {
        total += len;
        for (int i = 0; i < len; i++) {
            block[blockLen++] = data[off + i];
            if (blockLen == 64) {
                compress();
                blockLen = 0;
            }
        }
    }

    private void compress() {
        for (int i = 0; i < 16; i++) {
            w[i] = Digest.word(block, i * 4);
        }
        for (int i = 16; i < 80; i++) {
            w[i] = Integer.rotateLeft(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
        }
        int a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
        for (int i = 0; i < 80; i++) {
            int f;
            int k;
            if (i < 20) {
                f = (b & c) | (~b & d);
                k = 0x5A827999;
            } else if (i < 40) {
                f = b ^ c ^ d;
                k = 0x6ED9EBA1;
            } else if (i < 60) {
                f = (b & c) | (b & d) | (c & d);
                k = 0x8F1BBCDC;
            } else {
                f = b ^ c ^ d;
                k = 0xCA62C1D6;
            }
            int t = Integer.rotateLeft(a, 5) + f + e + k + w[i];
            e = d;
            d = c;
            c = Integer.rotateLeft(b, 30);
            b = a;
            a = t;
        }
        h[0] += a;
        h[1] += b;
        h[2] += c;
        h[3] += d;
        h[4] += e;
    }

    @Override
    public byte[] finish() {
        long bits = total * 8;
        byte[] pad = new byte[((blockLen < 56) ? 56 - blockLen : 120 - blockLen) + 8];
        pad[0] = (byte) 0x80;
        for (int i = 0; i < 8; i++) {
            pad[pad.length - 1 - i] = (byte) (bits >>> (8 * i));
        }
        update(pad, 0, pad.length);
        byte[] out = Digest.bigEndian(h);
        reset();
        return out;
    }
}
