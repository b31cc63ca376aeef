package im.parley.stream;

/**
 * Timers on the client's event thread (setTimeout in the browser, a scheduled executor on the JVM). Tasks run
 * on the same thread as every other callback.
 */
public interface Scheduler {
    /** A scheduled task that can be cancelled before it runs. */
    interface Task {
        void cancel();
    }

    Task schedule(long delayMillis, Runnable task);
}
