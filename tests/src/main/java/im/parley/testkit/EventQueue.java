package im.parley.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What a client reported, in order, for JVM tests to wait on. */
public final class EventQueue {
    private final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();

    public void add(Object event) {
        events.add(event);
    }

    /** Events not yet taken. */
    public Stream<Object> stream() {
        return events.stream();
    }

    public Object poll(long timeout, TimeUnit unit) throws InterruptedException {
        return events.poll(timeout, unit);
    }

    /**
     * Takes events until one of {@code type} whose text starts with {@code prefix} (any, if null) comes, within 15 s;
     * fails listing what came instead.
     */
    public <T> T await(Class<T> type, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        List<Object> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            Object e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e == null) {
                continue;
            }
            seen.add(e);
            if (type.isInstance(e) && (prefix == null || e.toString().startsWith(prefix))) {
                return type.cast(e);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " " + (prefix == null ? "" : prefix) + "; saw " + seen);
    }
}
