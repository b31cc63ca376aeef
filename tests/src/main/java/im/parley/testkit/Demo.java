package im.parley.testkit;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The demo: a private Prosody with the accounts alice and bob (each in the other's roster), Parley's dist on
 * its own origin and a sample website embedding it on another. Stops with Ctrl-C.
 */
public final class Demo {
    private Demo() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path dist = Path.of(System.getProperty("parley.dist", "webapp/target/dist")).toAbsolutePath().normalize();
        int parleyPort = Integer.getInteger("parley.port", 8380);
        int hostPort = Integer.getInteger("parley.hostPort", 8381);
        Prosody prosody = Prosody.start(Prosody.demoAccounts());
        DistServer server = new DistServer(dist, prosody.websocketUrl(), parleyPort, hostPort);
        server.setParleyConfig("{\"websocket_url\":\"" + prosody.websocketUrl() + "\"}");
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            prosody.close();
            stop.countDown();
        }));
        System.out.println();
        System.out.println("Parley demo is running.");
        System.out.println("  Fullscreen app:            " + server.parleyOrigin() + "/");
        System.out.println("  Website with the overlay:  " + server.hostOrigin() + "/demo.html");
        System.out.println("  Accounts: alice@localhost / alice-secret-pw, bob@localhost / bob-secret-pw");
        System.out.println("  (log in as alice in one tab and bob in another, or in a second browser profile)");
        System.out.println("  XMPP WebSocket: " + prosody.websocketUrl() + "   Prosody data: " + prosody.dir());
        System.out.println("Press Ctrl-C to stop.");
        stop.await();
    }
}
