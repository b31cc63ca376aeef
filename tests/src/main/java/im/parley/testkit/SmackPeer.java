package im.parley.testkit;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.ConnectionConfiguration;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smack.chat2.ChatManager;
import org.jxmpp.jid.impl.JidCreate;

/** A second, independent XMPP client (Smack over c2s TCP) playing the other side of a conversation. */
public final class SmackPeer implements AutoCloseable {
    private final XMPPTCPConnection connection;
    private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();

    public SmackPeer(Prosody prosody, String user, String password) throws Exception {
        XMPPTCPConnectionConfiguration config = XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(Prosody.DOMAIN)
                .setHost("127.0.0.1")
                .setPort(prosody.c2sPort())
                .setUsernameAndPassword(user, password)
                .setResource("smack")
                .setSecurityMode(ConnectionConfiguration.SecurityMode.disabled)
                .build();
        connection = new XMPPTCPConnection(config);
        connection.setReplyTimeout(10_000);
        ChatManager.getInstanceFor(connection).addIncomingListener((from, message, chat) -> received.add(message));
        connection.connect().login();
    }

    public void send(String to, String body) throws Exception {
        ChatManager.getInstanceFor(connection).chatWith(JidCreate.entityBareFrom(to)).send(body);
    }

    /** The next chat message received, or null after the timeout. */
    public Message next(long timeout, TimeUnit unit) throws InterruptedException {
        return received.poll(timeout, unit);
    }

    public void drain() {
        received.clear();
    }

    @Override
    public void close() {
        connection.disconnect();
    }
}
