package im.parley.testkit;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * JUnit 5 extension: one private Prosody and one dist server for the whole test run (started on first use,
 * stopped when the run ends). A failing test gets Prosody's log attached to its failure.
 */
public final class TestServers implements BeforeAllCallback, TestExecutionExceptionHandler {
    private static final Object LOCK = new Object();
    private static Prosody prosody;
    private static DistServer dist;

    private static final class Stopper implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            synchronized (LOCK) {
                if (dist != null) {
                    dist.close();
                }
                if (prosody != null) {
                    prosody.close();
                }
                dist = null;
                prosody = null;
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (LOCK) {
            if (prosody == null) {
                prosody = Prosody.start(Prosody.testAccounts());
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put("parley-servers", new Stopper());
            }
        }
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        Prosody p = prosody;
        if (p != null) {
            throwable.addSuppressed(new AssertionError("Prosody log (" + p.dir() + "):\n" + p.log()));
        }
        throw throwable;
    }

    public static Prosody prosody() {
        return prosody;
    }

    /** The dist server (started on first use, so JVM-only tests need no dist). */
    public static DistServer dist() {
        synchronized (LOCK) {
            if (dist == null) {
                Path path = Path.of(System.getProperty("parley.dist", "../webapp/target/dist")).toAbsolutePath()
                        .normalize();
                dist = new DistServer(path, prosody.websocketUrl());
            }
            return dist;
        }
    }
}
