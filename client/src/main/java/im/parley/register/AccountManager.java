package im.parley.register;

import im.parley.stream.Ns;
import im.parley.stream.StanzaErrors;
import im.parley.stream.XmppConnection;
import im.parley.xml.XmlElement;
import java.util.function.Consumer;

/** The account's password, changed in band (XEP-0077 section 3.3). */
public final class AccountManager {
    public static final String NS = "jabber:iq:register";
    /** Longest password accepted from the user. */
    public static final int MAX_PASSWORD = 1024;

    private final XmppConnection connection;

    public AccountManager(XmppConnection connection) {
        this.connection = connection;
    }

    /** The password-change request for {@code username}. */
    public static XmlElement.Builder changePassword(String username, String password) {
        return XmlElement.builder("iq", Ns.CLIENT).attr("type", "set").child(XmlElement.builder("query", NS)
                .textChild("username", username).textChild("password", password));
    }

    /**
     * Asks the server to change the password; {@code done} gets null when it did, else why not (the server's
     * error condition, e.g. not-allowed when the server does not let users change passwords).
     */
    public void changePassword(String newPassword, Consumer<String> done) {
        if (newPassword == null || newPassword.isEmpty() || newPassword.length() > MAX_PASSWORD) {
            throw new IllegalArgumentException("a password is 1 to " + MAX_PASSWORD + " characters long");
        }
        String username = connection.boundJid().local();
        connection.sendIq(changePassword(username, newPassword), connection.boundJid().domain(),
                result -> done.accept(StanzaErrors.refusal(result)));
    }
}
