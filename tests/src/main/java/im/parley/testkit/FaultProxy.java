package im.parley.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fault-injecting TCP proxy on loopback, put between a client and Prosody: it forwards bytes both ways and,
 * on command, cuts every connection at once (wherever the bytes are, often in the middle of a stanza) or stalls
 * them (stops forwarding without closing, as a dead network does).
 */
public final class FaultProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final List<Socket[]> pairs = new CopyOnWriteArrayList<>();
    private final AtomicInteger cuts = new AtomicInteger();
    private volatile boolean stalled;

    public FaultProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "fault-proxy");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** How many connections were cut so far. */
    public int cuts() {
        return cuts.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress("127.0.0.1", targetPort), 2000);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                Socket[] pair = {client, upstream};
                pairs.add(pair);
                pump(client, upstream, pair);
                pump(upstream, client, pair);
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to, Socket[] pair) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    while (stalled && !from.isClosed()) {
                        Thread.sleep(20);
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // cut or closed
            } finally {
                close(pair);
            }
        }, "fault-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void close(Socket[] pair) {
        pairs.remove(pair);
        for (Socket s : pair) {
            try {
                s.setSoLinger(true, 0); // RST, like a network failure, not a polite FIN
                s.close();
            } catch (IOException e) {
                // already gone
            }
        }
    }

    /** Cuts every open connection abruptly. */
    public void cutAll() {
        for (Socket[] pair : pairs) {
            cuts.incrementAndGet();
            close(pair);
        }
    }

    /**
     * Cuts every connection again and again, at random intervals of {@code minMs} to {@code minMs + spreadMs}
     * (seeded, so runs are comparable), until the returned handle is closed.
     */
    public AutoCloseable cutRepeatedly(int minMs, int spreadMs, long seed) {
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread cutter = new Thread(() -> {
            java.util.Random r = new java.util.Random(seed);
            while (running.get()) {
                try {
                    Thread.sleep(minMs + r.nextInt(spreadMs));
                } catch (InterruptedException e) {
                    return;
                }
                if (running.get()) {
                    cutAll();
                }
            }
        }, "fault-proxy-cutter");
        cutter.setDaemon(true);
        cutter.start();
        return () -> {
            running.set(false);
            cutter.interrupt();
            cutter.join();
        };
    }

    /** Stops (true) or resumes (false) forwarding on every connection without closing anything. */
    public void stall(boolean on) {
        if (on) {
            stalledSince.clear();
            stalledSince.addAll(pairs);
        }
        stalled = on;
    }

    private final List<Socket[]> stalledSince = new CopyOnWriteArrayList<>();

    /**
     * Ends a stall the way a phone that found another network does: the connections that were open when the stall
     * began are gone (what was in flight on them is lost; they are reset), and those opened since then go on.
     */
    public void recover() {
        for (Socket[] pair : stalledSince) {
            if (pairs.contains(pair)) {
                cuts.incrementAndGet();
                close(pair);
            }
        }
        stalledSince.clear();
        stalled = false;
    }

    @Override
    public void close() throws IOException {
        server.close();
        cutAll();
    }
}
