package im.parley.jvm;

import im.parley.chat.ChatMessage;
import im.parley.core.ClientListener;
import im.parley.core.XmppClient;
import im.parley.stream.ConnectionError;
import im.parley.testkit.EventQueue;
import im.parley.testkit.TestServers;
import im.parley.util.Jid;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Parley's client core on the JVM, on its own event thread, logged in to the test Prosody; everything it reports goes
 * to {@link #events}: states and ChatMessages as they are, and "state ID PEER STATE", "edit PEER ID BODY OUTGOING",
 * "presence JID SHOW STATUS IDLE", "roster JID NAME [GROUPS]" strings and block lists (List).
 */
final class JvmSession implements AutoCloseable {
    final ExecutorService loop = Executors.newSingleThreadExecutor();
    final EventQueue events = new EventQueue();
    final XmppClient client;
    volatile String self;

    JvmSession() {
        this(false);
    }

    /** @param bosh whether the session runs over BOSH (XEP-0206) instead of WebSocket */
    JvmSession(boolean bosh) {
        client = new XmppClient(bosh ? new im.parley.bosh.BoshTransport(new JdkHttp(loop), System::nanoTime)
                : new JdkWebSocketTransport(loop), new JvmCrypto(), System::currentTimeMillis,
                new ClientListener() {
                    @Override
                    public void onState(String state, ConnectionError error) {
                        if (error != null) {
                            events.add("error " + error.code() + " " + error.detail());
                        }
                        events.add(state);
                    }

                    @Override
                    public void onSelf(String fullJid) {
                        self = fullJid;
                    }

                    @Override
                    public void onMessage(ChatMessage message) {
                        events.add(message);
                    }

                    @Override
                    public void onMessageState(String id, String peer, String state) {
                        events.add("state " + id + " " + peer + " " + state);
                    }

                    @Override
                    public void onEdit(String peer, String id, String body, boolean outgoing) {
                        events.add("edit " + peer + " " + id + " " + body + " " + outgoing);
                    }

                    @Override
                    public void onReactions(String peer, String id, boolean mine, List<String> reactions) {
                        events.add("reactions " + peer + " " + id + " " + mine + " " + reactions);
                    }

                    @Override
                    public void onAvatar(String jid, im.parley.vcard.Avatar avatar) {
                        events.add("avatar " + jid + (avatar == null ? " none" : " " + avatar.type() + " "
                                + avatar.base64()));
                    }

                    @Override
                    public void onPresence(String bareJid, String show, String status, long idleSince) {
                        events.add("presence " + bareJid + " " + (show == null ? "unavailable" : show.isEmpty() ? "-"
                                : show) + " " + (status == null ? "-" : status.replace(' ', '_')) + " " + idleSince);
                    }

                    @Override
                    public void onRoster(List<im.parley.roster.RosterItem> items) {
                        for (im.parley.roster.RosterItem item : items) {
                            List<String> groups = new java.util.ArrayList<>(item.groups());
                            java.util.Collections.sort(groups); // the server keeps groups as a set
                            events.add("roster " + item.jid() + " " + item.name() + " " + groups);
                        }
                    }

                    @Override
                    public void onBlocklist(List<String> blocked) {
                        events.add(blocked);
                    }
                });
    }

    /** Logs in as user@localhost and waits until the session is online. */
    JvmSession login(String user, String password, boolean allowNonRosterMessaging) throws Exception {
        return loginAt(TestServers.prosody().websocketUrl(), user, password, allowNonRosterMessaging);
    }

    /** Logs in at the given endpoint (WebSocket or BOSH URL). */
    JvmSession loginAt(String url, String user, String password, boolean allowNonRosterMessaging) throws Exception {
        run(() -> client.login(url, Jid.parse(user + "@localhost"), password, allowNonRosterMessaging));
        events.await(String.class, "online");
        return this;
    }

    /** Logs in with a full address (an account on another host of the test server). */
    JvmSession loginJid(String jid, String password) throws Exception {
        run(() -> client.login(TestServers.prosody().websocketUrl(), Jid.parse(jid), password, false));
        events.await(String.class, "online");
        return this;
    }

    /** Logs in anonymously (SASL ANONYMOUS) to {@code domain} and waits until the session is online. */
    JvmSession loginAnonymously(String domain) throws Exception {
        run(() -> client.loginAnonymously(TestServers.prosody().websocketUrl(), Jid.parse(domain), true, false));
        events.await(String.class, "online");
        return this;
    }

    /** Runs on the client's thread and returns the result (exceptions come out as ExecutionException). */
    <T> T call(Callable<T> task) throws Exception {
        return loop.submit(task).get();
    }

    void run(Runnable task) throws Exception {
        loop.submit(task).get();
    }

    @Override
    public void close() throws Exception {
        run(client::logout);
        loop.shutdown();
    }
}
