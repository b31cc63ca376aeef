package im.parley.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.parley.core.XmppClient;
import im.parley.testkit.Prosody;
import im.parley.testkit.TestServers;
import im.parley.util.Jid;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SASL EXTERNAL with a client certificate (XEP-0178) against Prosody's mod_auth_ccert over wss:// with the tests'
 * CA: the certificate's XMPP address logs in; no certificate, or a login as another account, is refused.
 */
@ExtendWith(TestServers.class)
class ExternalAgainstProsodyTest {
    private static final String CORA = Prosody.CCERT_USER + "@" + Prosody.CCERT_DOMAIN;
    private final ExecutorService loop = Executors.newSingleThreadExecutor();
    private final RecordingListener listener = new RecordingListener("-");
    private XmppClient client;

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            loop.submit(client::logout).get();
        }
        loop.shutdown();
    }

    private String loginAs(String jid, boolean withCertificate) throws Exception {
        client = new XmppClient(new JdkWebSocketTransport(loop, TestServers.prosody().certificates()
                .sslContext(withCertificate)), new JvmCrypto(), System::currentTimeMillis, listener);
        loop.submit(() -> client.loginExternal(TestServers.prosody().secureWebsocketUrl(), Jid.parse(jid), false,
                false)).get();
        long end = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < end) {
            synchronized (listener.states) {
                for (String s : listener.states) {
                    if (s.equals("online") || s.startsWith("offline")) {
                        return s;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("neither online nor offline: " + listener.states);
    }

    @Test
    void theCertificatesAddressLogsIn() throws Exception {
        assertEquals("online", loginAs(CORA, true));
        assertEquals("SASL EXTERNAL", loop.submit(client::loginMethod).get());
    }

    @Test
    void withoutACertificateTheLoginIsRefused() throws Exception {
        String state = loginAs(CORA, false);
        assertTrue(state.startsWith("offline wrong-password") && state.contains("client certificate"), state);
    }

    @Test
    void aCertificateDoesNotLogInAnotherAccount() throws Exception {
        String state = loginAs("dora@" + Prosody.CCERT_DOMAIN, true);
        assertTrue(state.startsWith("offline wrong-password"), state);
    }
}
