package im.parley.web.frame;

import im.parley.web.dom.Dom;
import org.teavm.jso.JSBody;

/**
 * Watches the user's activity in the frame (keys, pointer, focus) and reports when they have been idle:
 * {@code idle_presence_timeout} seconds puts the time of their last activity in presence (XEP-0319), and Converse's
 * {@code auto_away} / {@code auto_xa} seconds turn "online" into away / extended away. Any activity undoes both.
 */
final class IdleWatch {
    interface Sink {
        /** Idle since this time (epoch ms); 0: active again. */
        void idle(double since);

        /** Automatic availability: "away" or "xa", or null to go back to what the user chose. */
        void autoShow(String show);
    }

    private final int idleSeconds;
    private final int awaySeconds;
    private final int xaSeconds;
    private final Sink sink;
    private double lastActivity = Dom.now();
    private boolean idleSent;
    private String autoShow;

    IdleWatch(int idleSeconds, int awaySeconds, int xaSeconds, Sink sink) {
        this.idleSeconds = idleSeconds;
        this.awaySeconds = awaySeconds;
        this.xaSeconds = xaSeconds;
        this.sink = sink;
    }

    /** Starts listening to the frame's document, and checks once a second. */
    void start() {
        if (idleSeconds <= 0 && awaySeconds <= 0 && xaSeconds <= 0) {
            return;
        }
        onActivity(this::activity);
        tick();
    }

    private void tick() {
        Dom.later(1000, () -> {
            check();
            tick();
        });
    }

    /** Since when the user has been idle (epoch ms) as reported, or 0 while active. */
    double idleSince() {
        return idleSent ? lastActivity : 0;
    }

    void activity() {
        lastActivity = Dom.now();
        if (idleSent) {
            idleSent = false;
            sink.idle(0);
        }
        if (autoShow != null) {
            autoShow = null;
            sink.autoShow(null);
        }
    }

    private void check() {
        double idleMs = Dom.now() - lastActivity;
        if (idleSeconds > 0 && !idleSent && idleMs >= idleSeconds * 1000.0) {
            idleSent = true;
            sink.idle(lastActivity);
        }
        String show = xaSeconds > 0 && idleMs >= xaSeconds * 1000.0 ? "xa"
                : awaySeconds > 0 && idleMs >= awaySeconds * 1000.0 ? "away" : null;
        if (show != null && !show.equals(autoShow)) {
            autoShow = show;
            sink.autoShow(show);
        }
    }

    @JSBody(params = "f", script = "var events = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'focus', 'touchstart'];"
            + "var last = 0; function on() { var now = Date.now(); if (now - last > 500) { last = now; f(); } }"
            + "events.forEach(function(type) { window.addEventListener(type, on, {capture: true, passive: true}); });")
    private static native void onActivity(Dom.Task f);
}
