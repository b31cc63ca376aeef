package im.parley.jvm;

import im.parley.stream.Scheduler;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** {@link Scheduler} on the JVM: timers on a daemon thread, tasks run on the client's event thread. */
public final class JvmScheduler implements Scheduler {
    private final Executor events;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "parley-timers");
        t.setDaemon(true);
        return t;
    });

    public JvmScheduler(Executor events) {
        this.events = events;
    }

    @Override
    public Task schedule(long delayMillis, Runnable task) {
        boolean[] cancelled = new boolean[1];
        ScheduledFuture<?> f = timers.schedule(() -> events.execute(() -> {
            if (!cancelled[0]) {
                task.run();
            }
        }), delayMillis, TimeUnit.MILLISECONDS);
        return () -> {
            cancelled[0] = true;
            f.cancel(false);
        };
    }

    public void shutdown() {
        timers.shutdownNow();
    }
}
