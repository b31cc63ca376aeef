package im.parley.testkit;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A deliberately misbehaving XMPP-over-WebSocket server for tests (RFC 6455 text frames only): for each frame
 * the client sends, {@code script} returns the frames to answer with. Records what the client sent.
 */
public final class MiniWsServer implements AutoCloseable {
    private final ServerSocket server;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final Function<String, List<String>> script;

    public MiniWsServer(Function<String, List<String>> script) throws IOException {
        this.script = script;
        this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "mini-ws");
        t.setDaemon(true);
        t.start();
    }

    public String url() {
        return "ws://127.0.0.1:" + server.getLocalPort() + "/xmpp-websocket";
    }

    /** Frames received from the client, in order. */
    public List<String> received() {
        return received;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "mini-ws-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            String key = null;
            StringBuilder line = new StringBuilder();
            while (true) {
                int c = in.read();
                if (c < 0) {
                    return;
                }
                if (c == '\n') {
                    String l = line.toString().trim();
                    line.setLength(0);
                    if (l.isEmpty()) {
                        break;
                    }
                    if (l.toLowerCase().startsWith("sec-websocket-key:")) {
                        key = l.substring(l.indexOf(':') + 1).trim();
                    }
                } else {
                    line.append((char) c);
                }
            }
            String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\nSec-WebSocket-Protocol: xmpp\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            while (true) {
                int b0 = in.read();
                if (b0 < 0) {
                    return;
                }
                int b1 = in.read();
                long len = b1 & 0x7f;
                if (len == 126) {
                    len = in.readUnsignedShort();
                } else if (len == 127) {
                    len = in.readLong();
                }
                byte[] mask = new byte[4];
                if ((b1 & 0x80) != 0) {
                    in.readFully(mask);
                }
                byte[] payload = new byte[(int) len];
                in.readFully(payload);
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i % 4];
                }
                int opcode = b0 & 0x0f;
                if (opcode == 8) {
                    out.write(new byte[] {(byte) 0x88, 0});
                    out.flush();
                    return;
                }
                if (opcode == 1) {
                    String text = new String(payload, StandardCharsets.UTF_8);
                    received.add(text);
                    for (String reply : script.apply(text)) {
                        writeText(out, reply);
                    }
                }
            }
        } catch (Exception e) {
            // the client went away
        }
    }

    private static void writeText(OutputStream out, String text) throws IOException {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        if (data.length < 126) {
            frame.write(data.length);
        } else if (data.length < 65_536) {
            frame.write(126);
            frame.write(data.length >>> 8);
            frame.write(data.length & 0xff);
        } else {
            frame.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) (((long) data.length >>> shift) & 0xff));
            }
        }
        frame.write(data);
        out.write(frame.toByteArray());
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
