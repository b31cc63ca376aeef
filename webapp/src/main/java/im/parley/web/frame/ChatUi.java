package im.parley.web.frame;

import static im.parley.web.i18n.I18n.tr;

import im.parley.web.dom.Dom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.teavm.jso.JSObject;

/**
 * The Parley frame's UI: login form, roster, open conversations, chat view and composer. Every string that
 * came from the network is put into the DOM with {@code textContent} ({@link Dom#text}); nothing is parsed as
 * HTML. All controls are native buttons, inputs and forms, so the UI works with the keyboard alone.
 */
final class ChatUi {
    /** What the user asks for; the frame turns it into worker commands. */
    interface Actions {
        /** {@code passphrase} is null unless the cache is protected by one (cache_key "passphrase"). */
        void login(String jid, String password, String passphrase);

        /** {@code spoiler}: null, or the hint of a spoiler ("" for none, XEP-0382). */
        void send(String to, String body, String spoiler);

        /** Corrects one of the user's messages (XEP-0308). */
        void correct(String to, String id, String body);

        /** Deletes one of the user's messages for everyone (XEP-0424). */
        void retract(String to, String id);

        /** Sets the user's reactions to a message (the whole set). */
        void react(String to, String id, List<String> reactions);

        /** Publishes the user's avatar (type and base64 of the image). */
        void setAvatar(String type, String data);

        /** The user has seen this message from peer (XEP-0333 displayed). */
        void displayed(String peer, String id);

        /** Blocks or unblocks a JID (XEP-0191). */
        void block(String jid, boolean block);

        /** Asks for the archive's messages with peer older than {@code before} (epoch ms; 0: the latest). */
        void older(String peer, double before, String oldestId);

        /** The user's chat state towards a contact (composing, paused, active). */
        void chatState(String to, String state);

        void logout();

        /** Adds a contact (name may be empty) and asks to see their presence. */
        void addContact(String jid, String name);

        void removeContact(String jid);

        /** Renames a contact (empty: no name) and sets their groups. */
        void updateContact(String jid, String name, List<String> groups);

        /** The user's availability ("", chat, away, xa, dnd) and status message. */
        void setPresence(String show, String status);

        /** Answers a contact request. */
        void answerRequest(String jid, boolean approve);

        /** Changes the account's password on the server. */
        void changePassword(String newPassword);

        /** The chat shown changed (null: none), to be opened again by the next warm start. */
        void chatShown(String peer);

        void unreadChanged(int total);

        /**
         * Overlayed: the boxes along the bottom of the page changed; their sizes [width, height] in CSS pixels, right
         * to left (the contacts box first), {@link #GAP} apart.
         */
        void layout(List<double[]> sizes);

        /** Shares a file with a contact (XEP-0363): {@code id} names the upload in the progress that follows. */
        void upload(String id, String to, JSObject file, String name, double size, String type);

        /** Asks for a contact's profile (vCard), or the user's own ({@code jid} null). */
        void getProfile(String jid);

        /** Saves the user's profile: full name, nickname, email, web address, role ("" for none). */
        void setProfile(String[] fields);

        /** The user chose a theme: "system", "default" (light) or "dracula" (dark). */
        void themeChosen(String theme);
    }

    private static final class Conversation {
        final String peer;
        /** The messages, windowed (see MessageLog); {@code log} is its list element. */
        MessageLog messages;
        int unread;
        boolean typing;
        /** A scroll to the newest message is due before the next paint. */
        boolean stickPending;
        /** The archive: asked once when the chat is first opened; complete when nothing older is left. */
        boolean archiveAsked;
        /** The last page of older messages brought nothing that was not here already. */
        boolean olderAddedNothing;
        boolean archiveComplete;
        boolean archiveLoading;
        /** The newest incoming message reported as seen. */
        String lastSeen;
        /** The first message that arrived unread since the chat was last looked at (where "New messages" goes). */
        String firstUnread;
        JSObject row;
        JSObject badge;
        JSObject log;
        /** The chat's box (header, details, messages, composer), made when the chat is first shown. */
        Box box;

        Conversation(String peer) {
            this.peer = peer;
        }
    }

    private final Actions actions;
    private final JSObject status;
    private final JSObject loginForm;
    private final JSObject loginJid;
    private final JSObject loginPassword;
    private final JSObject loginPassphrase;
    private final JSObject notice;
    private final JSObject loginButton;
    private final JSObject loginError;
    private final JSObject main;
    private final JSObject logoutButton;
    private final RosterView rosterView;
    private final JSObject convList;
    /** The contact the user is currently marked as composing to, or null. */
    private String composingTo;
    private int typingEpoch;
    /** Whether the session is online (the archive can be asked). */
    private boolean connected;
    /** Overlayed: chat boxes stand side by side left of the contacts box; else one chat at a time beside it. */
    private final boolean overlay;
    /** Where the shown chat goes (fullscreen, embedded). */
    private JSObject chatArea;
    /** Overlayed: the row of boxes along the bottom of the page, the contacts box on the right. */
    private JSObject dock;
    /** Overlayed: the open chat boxes, the most recently opened first (nearest the contacts box). */
    private final List<Conversation> openBoxes = new ArrayList<>();
    private final JSObject openInput;
    private final JSObject addJid;
    private final JSObject addName;
    private final JSObject requestsHeading;
    private final JSObject requestsList;
    private final boolean allowRemoval;
    private final Map<String, Conversation> conversations = new LinkedHashMap<>();
    private Conversation active;
    private String selfJid;
    private final JSObject app;
    private JSObject toggle;
    private boolean collapsed;

    /**
     * @param anonymousDomain with authentication 'anonymous', the server's domain (the form then only connects);
     *                        else null
     */
    ChatUi(JSObject root, String viewMode, boolean askPassphrase, String anonymousDomain, boolean allowRemoval,
            boolean rosterGroups, boolean hideOffline, Actions actions) {
        this.actions = actions;
        this.allowRemoval = allowRemoval;
        this.overlay = "overlayed".equals(viewMode);
        rosterView = new RosterView(rosterGroups, hideOffline, this::open, avatarUrls::get);
        app = Dom.el("div", "parley parley-" + viewMode);
        Dom.append(root, app);

        JSObject header = Dom.el("header", "p-header");
        JSObject title = Dom.el("span", "p-title");
        Dom.text(title, "Parley");
        status = Dom.el("span", "p-status");
        Dom.attr(status, "role", "status");
        Dom.attr(status, "aria-live", "polite");
        logoutButton = button(tr("Log out"), "p-logout");
        Dom.hidden(logoutButton, true);
        Dom.append(header, title);
        Dom.append(header, status);
        Dom.append(header, logoutButton);
        if ("overlayed".equals(viewMode)) {
            // Converse-style chat box: minimises to its header bar in the corner of the page.
            toggle = button(tr("Minimise"), "p-toggle");
            Dom.attr(toggle, "aria-expanded", "true");
            Dom.on(toggle, "click", ev -> setCollapsed(!collapsed));
            Dom.append(header, toggle);
        }
        Dom.append(app, header);
        notice = Dom.el("p", "p-notice");
        Dom.attr(notice, "role", "status");
        Dom.hidden(notice, true);
        Dom.append(app, notice);
        Dom.on(logoutButton, "click", ev -> actions.logout());

        // Login form: the password field exists only here, in the frame.
        loginForm = Dom.el("form", "p-login");
        Dom.attr(loginForm, "aria-label", tr("Log in"));
        JSObject h = Dom.el("h1");
        Dom.text(h, tr("Log in to chat"));
        Dom.append(loginForm, h);
        loginJid = input("text", "p-login-jid", tr("XMPP address"), "username");
        Dom.attr(loginJid, "placeholder", tr("user@example.org"));
        loginPassword = input("password", "p-login-password", tr("Password"), "current-password");
        Dom.append(loginForm, labelled(tr("XMPP address"), loginJid));
        Dom.append(loginForm, labelled(tr("Password"), loginPassword));
        loginPassphrase = input("password", "p-login-passphrase", tr("Cache passphrase"), "off");
        if (askPassphrase) {
            // cache_key "passphrase": the cache on this device is encrypted under a key only this phrase opens.
            Dom.append(loginForm, labelled(tr("Passphrase of the cache on this device"), loginPassphrase));
        }
        // "Stay logged in": off unless ticked; shown where the deployment allows it (offerStayLoggedIn).
        loginStay = Dom.el("input", "p-login-stay");
        Dom.attr(loginStay, "type", "checkbox");
        Dom.attr(loginStay, "id", "p-login-stay");
        JSObject stayLabel = Dom.el("label", "p-login-stay-label");
        Dom.append(stayLabel, loginStay);
        JSObject stayText = Dom.el("span");
        Dom.text(stayText, tr("Stay logged in on this device"));
        Dom.append(stayLabel, stayText);
        Dom.hidden(stayLabel, true);
        Dom.append(loginForm, stayLabel);
        loginButton = button(tr("Log in"), "p-login-submit");
        Dom.attr(loginButton, "type", "submit");
        Dom.append(loginForm, loginButton);
        loginError = Dom.el("p", "p-error");
        Dom.attr(loginError, "role", "alert");
        Dom.append(loginForm, loginError);
        Dom.append(app, loginForm);
        if (anonymousDomain != null) {
            // Converse's anonymous login: no address or password of the user's; the server makes up an account.
            Dom.text(h, tr("Chat without an account"));
            Dom.hidden(Dom.parent(loginJid), true);
            Dom.hidden(Dom.parent(loginPassword), true);
            Dom.text(loginButton, tr("Connect anonymously"));
        }
        Dom.on(loginForm, "submit", ev -> {
            Dom.preventDefault(ev);
            if (anonymousDomain != null) {
                actions.login(anonymousDomain, "", null);
                return;
            }
            String jid = Dom.value(loginJid).trim();
            String password = Dom.value(loginPassword);
            String passphrase = askPassphrase ? Dom.value(loginPassphrase) : null;
            Dom.setValue(loginPassword, "");
            Dom.setValue(loginPassphrase, "");
            if (identityProvider) {
                if (jid.isEmpty()) {
                    showLoginError(tr("Enter your XMPP address."));
                    return;
                }
                actions.login(jid, "", passphrase); // the provider's window asks who the user is
                return;
            }
            if (jid.isEmpty() || password.isEmpty()) {
                showLoginError(tr("Enter your XMPP address and password."));
                return;
            }
            if (askPassphrase && passphrase.isEmpty()) {
                showLoginError(tr("Enter the passphrase of the cache on this device."));
                return;
            }
            actions.login(jid, password, passphrase);
        });

        main = Dom.el("div", "p-main");
        Dom.hidden(main, true);
        Dom.append(app, main);

        JSObject side = Dom.el("nav", "p-side");
        Dom.attr(side, "aria-label", tr("Contacts and conversations"));
        // The user's own availability and status message (RFC 6121 4.7), sent to every contact.
        JSObject presenceForm = Dom.el("form", "p-own-presence");
        Dom.attr(presenceForm, "aria-label", tr("Your status"));
        ownShow = Dom.el("select", "p-own-show");
        Dom.attr(ownShow, "aria-label", tr("Your availability"));
        for (String show : new String[] {"", "chat", "away", "xa", "dnd"}) {
            JSObject option = Dom.el("option");
            Dom.attr(option, "value", show);
            Dom.text(option, RosterView.stateLabel(show));
            Dom.append(ownShow, option);
        }
        ownStatus = input("text", "p-own-status", tr("Status message"), "off");
        Dom.attr(ownStatus, "placeholder", tr("Status message"));
        Dom.attr(ownStatus, "maxlength", "1000");
        JSObject presenceButton = button(tr("Set"), "p-own-presence-submit");
        Dom.attr(presenceButton, "type", "submit");
        Dom.attr(presenceButton, "aria-label", tr("Set your status"));
        Dom.append(presenceForm, ownShow);
        Dom.append(presenceForm, ownStatus);
        Dom.append(presenceForm, presenceButton);
        Dom.on(ownShow, "change", ev -> actions.setPresence(Dom.value(ownShow), Dom.value(ownStatus).trim()));
        Dom.on(presenceForm, "submit", ev -> {
            Dom.preventDefault(ev);
            actions.setPresence(Dom.value(ownShow), Dom.value(ownStatus).trim());
        });
        Dom.append(side, presenceForm);
        JSObject openForm = Dom.el("form", "p-open");
        openInput = input("text", "p-open-jid", tr("Chat with (XMPP address)"), "off");
        Dom.attr(openInput, "placeholder", tr("Chat with user@example.org"));
        JSObject openButton = button(tr("Open"), "p-open-submit");
        Dom.attr(openButton, "type", "submit");
        Dom.append(openForm, openInput);
        Dom.append(openForm, openButton);
        Dom.on(openForm, "submit", ev -> {
            Dom.preventDefault(ev);
            String jid = Dom.value(openInput).trim();
            if (jid.indexOf('@') > 0 && jid.indexOf(' ') < 0) {
                Dom.setValue(openInput, "");
                open(jid);
            }
        });
        Dom.append(side, openForm);
        // Contact requests: someone asks to see the user's presence.
        requestsHeading = heading(tr("Contact requests"));
        requestsList = Dom.el("ul", "p-requests");
        Dom.hidden(requestsHeading, true);
        Dom.hidden(requestsList, true);
        Dom.append(side, requestsHeading);
        Dom.append(side, requestsList);
        Dom.append(side, heading(tr("Conversations")));
        convList = Dom.el("ul", "p-conversations");
        Dom.append(side, convList);
        Dom.append(side, heading(tr("Contacts")));
        Dom.append(side, rosterView.section);
        JSObject addForm = Dom.el("form", "p-add");
        Dom.attr(addForm, "aria-label", tr("Add a contact"));
        addJid = input("text", "p-add-jid", tr("Contact's XMPP address"), "off");
        Dom.attr(addJid, "placeholder", tr("Add contact: user@example.org"));
        addName = input("text", "p-add-name", tr("Name (optional)"), "off");
        Dom.attr(addName, "placeholder", tr("Name (optional)"));
        JSObject addButton = button(tr("Add"), "p-add-submit");
        Dom.attr(addButton, "type", "submit");
        Dom.append(addForm, addJid);
        Dom.append(addForm, addName);
        Dom.append(addForm, addButton);
        Dom.on(addForm, "submit", ev -> {
            Dom.preventDefault(ev);
            String jid = Dom.value(addJid).trim().toLowerCase();
            if (jid.indexOf('@') <= 0 || jid.indexOf(' ') >= 0 || jid.indexOf('/') >= 0) {
                setStatus(tr("Enter the contact's address, like user@example.org."));
                return;
            }
            Dom.setValue(addJid, "");
            String name = Dom.value(addName).trim();
            Dom.setValue(addName, "");
            actions.addContact(jid, name);
        });
        Dom.append(side, addForm);
        // Account: change the password (the new one also re-keys the encrypted cache).
        JSObject account = Dom.el("details", "p-account");
        JSObject summary = Dom.el("summary");
        Dom.text(summary, tr("Account"));
        Dom.append(account, summary);
        JSObject pwForm = Dom.el("form", "p-password");
        Dom.attr(pwForm, "aria-label", tr("Change password"));
        JSObject pw1 = input("password", "p-password-new", tr("New password"), "new-password");
        JSObject pw2 = input("password", "p-password-repeat", tr("New password again"), "new-password");
        JSObject pwButton = button(tr("Change password"), "p-password-submit");
        Dom.attr(pwButton, "type", "submit");
        Dom.append(pwForm, labelled(tr("New password"), pw1));
        Dom.append(pwForm, labelled(tr("New password again"), pw2));
        Dom.append(pwForm, pwButton);
        Dom.on(pwForm, "submit", ev -> {
            Dom.preventDefault(ev);
            String a = Dom.value(pw1);
            String b = Dom.value(pw2);
            Dom.setValue(pw1, "");
            Dom.setValue(pw2, "");
            if (a.isEmpty() || !a.equals(b)) {
                setStatus(tr("Type the same new password twice."));
                return;
            }
            actions.changePassword(a);
        });
        Dom.append(account, pwForm);
        // The user's avatar (XEP-0153): a PNG, JPEG, GIF or WebP image of at most 256 KB.
        ownAvatar = Dom.el("img", "p-own-avatar");
        Dom.attr(ownAvatar, "alt", tr("Your avatar"));
        Dom.hidden(ownAvatar, true);
        JSObject avatarFile = Dom.el("input", "p-avatar-file");
        Dom.attr(avatarFile, "type", "file");
        Dom.attr(avatarFile, "accept", "image/png,image/jpeg,image/gif,image/webp");
        Dom.attr(avatarFile, "aria-label", tr("Choose an avatar image"));
        Dom.on(avatarFile, "change", ev -> readImage(avatarFile, MAX_AVATAR, (type, data) -> {
            if (type.isEmpty()) {
                setStatus("type".equals(data) ? tr("Choose a PNG, JPEG, GIF or WebP image.")
                        : tr("The image is larger than {0} KB.", MAX_AVATAR / 1024));
            } else {
                actions.setAvatar(type, data);
            }
        }));
        Dom.append(account, labelled(tr("Avatar"), avatarFile));
        Dom.append(account, ownAvatar);
        // Desktop notifications for messages that arrive out of view (the browser asks the user once).
        JSObject notifyButton = button(tr("Allow desktop notifications"), "p-notifications");
        Dom.on(notifyButton, "click", ev -> requestNotificationPermission(() -> renderNotificationButton(notifyButton)));
        renderNotificationButton(notifyButton);
        Dom.append(account, notifyButton);
        // The user's profile (vCard-temp): what contacts see besides the avatar.
        profileForm = Dom.el("form", "p-profile");
        Dom.attr(profileForm, "aria-label", tr("Your profile"));
        JSObject profileHeading = Dom.el("h3", "p-profile-heading");
        Dom.text(profileHeading, tr("Your profile"));
        Dom.append(profileForm, profileHeading);
        String[][] profileFields = {{"fn", tr("Full name"), "name"}, {"nickname", tr("Nickname"), "nickname"},
            {"email", tr("Email"), "email"}, {"url", tr("Web address"), "url"}, {"role", tr("Role"), "organization-title"}};
        profileInputs = new JSObject[profileFields.length];
        for (int i = 0; i < profileFields.length; i++) {
            profileInputs[i] = input("text", "p-profile-" + profileFields[i][0], profileFields[i][1],
                    profileFields[i][2]);
            Dom.attr(profileInputs[i], "maxlength", "500");
            Dom.on(profileInputs[i], "input", ev -> profileEdited = true);
            Dom.append(profileForm, labelled(profileFields[i][1], profileInputs[i]));
        }
        JSObject profileSave = button(tr("Save profile"), "p-profile-save");
        Dom.attr(profileSave, "type", "submit");
        Dom.append(profileForm, profileSave);
        Dom.on(profileForm, "submit", ev -> {
            Dom.preventDefault(ev);
            String[] values = new String[profileInputs.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = Dom.value(profileInputs[i]).trim();
            }
            profileEdited = false;
            actions.setProfile(values);
        });
        Dom.append(account, profileForm);
        Dom.on(account, "toggle", ev -> {
            if (Dom.isOpen(account) && connected) {
                profileEdited = false; // an edit that was not saved is dropped: the form shows the server's profile
                Dom.attr(profileForm, "data-loaded", null);
                actions.getProfile(null);
            }
        });
        // The theme: as the system prefers, light or dark (kept on this device).
        themeSelect = Dom.el("select", "p-theme-select");
        for (String[] t : new String[][] {{"system", tr("Same as the system")}, {"default", tr("Light")},
            {"dracula", tr("Dark")}}) {
            JSObject option = Dom.el("option");
            Dom.attr(option, "value", t[0]);
            Dom.text(option, t[1]);
            Dom.append(themeSelect, option);
        }
        Dom.on(themeSelect, "change", ev -> actions.themeChosen(Dom.value(themeSelect)));
        JSObject themeField = labelled(tr("Theme"), themeSelect);
        Dom.toggleClass(themeField, "p-theme", true);
        Dom.append(account, themeField);
        // Blocked contacts (XEP-0191): the server delivers nothing from them; unblocking is one click.
        JSObject blockedHeading = Dom.el("h3", "p-blocked-heading");
        Dom.text(blockedHeading, tr("Blocked"));
        Dom.append(account, blockedHeading);
        blockedList = Dom.el("ul", "p-blocked");
        Dom.attr(blockedList, "aria-label", tr("Blocked addresses"));
        Dom.append(account, blockedList);
        Dom.append(side, account);
        Dom.append(main, side);

        if (overlay) {
            // Converse's overlayed mode: the contacts box on the right, each open chat in its own box to its left.
            dock = Dom.el("div", "parley-dock");
            Dom.remove(app);
            Dom.append(dock, app);
            Dom.append(root, dock);
            layout();
        } else {
            chatArea = Dom.el("div", "p-chat-area");
            Dom.append(main, chatArea);
        }
    }

    /** One chat's controls; in the overlayed mode a box of its own, else the pane beside the contacts. */
    private static final class Box {
        JSObject pane;
        JSObject peerName;
        JSObject badge;
        JSObject typing;
        JSObject editButton;
        JSObject removeButton;
        JSObject blockButton;
        JSObject minimise;
        JSObject contactEditor;
        JSObject editName;
        JSObject editGroups;
        JSObject contactProfile;
        JSObject olderButton;
        JSObject composer;
        JSObject composerText;
        JSObject spoilerToggle;
        /** XEP-0382: the next message goes out as a spoiler. */
        boolean spoilerNext;
        /** The own message being corrected in the composer, or null. */
        String editingId;
        int removeEpoch;
        /** Overlayed: the box is on the page (not closed), minimised to its header, or left out for lack of room. */
        boolean open;
        boolean minimised;
        boolean trimmed;
    }

    private Box buildBox(Conversation conv) {
        Box box = new Box();
        box.pane = Dom.el("section", overlay ? "p-chat p-box" : "p-chat");
        Dom.attr(box.pane, "data-jid", conv.peer);
        Dom.attr(box.pane, "aria-label", tr("Conversation with {0}", conv.peer));
        JSObject chatHeader = Dom.el("header", "p-chat-header");
        if (!overlay) {
            JSObject back = button(tr("Back"), "p-back");
            Dom.attr(back, "aria-label", tr("Back to contacts"));
            Dom.on(back, "click", ev -> showChat(null));
            Dom.append(chatHeader, back);
        }
        box.peerName = Dom.el("h2", "p-peer");
        Dom.append(chatHeader, box.peerName);
        box.badge = Dom.el("span", "p-unread p-box-unread");
        Dom.hidden(box.badge, true);
        Dom.append(chatHeader, box.badge);
        box.typing = Dom.el("span", "p-typing");
        Dom.attr(box.typing, "aria-live", "polite");
        Dom.append(chatHeader, box.typing);
        box.editButton = button(tr("Edit contact"), "p-edit-contact");
        Dom.attr(box.editButton, "aria-expanded", "false");
        Dom.on(box.editButton, "click", ev -> toggleEditor(conv, Dom.isHidden(box.contactEditor)));
        Dom.append(chatHeader, box.editButton);
        box.removeButton = button(tr("Remove contact"), "p-remove");
        Dom.hidden(box.removeButton, true);
        Dom.on(box.removeButton, "click", ev -> removeClicked(conv));
        Dom.append(chatHeader, box.removeButton);
        box.blockButton = button(tr("Block"), "p-block");
        Dom.on(box.blockButton, "click", ev -> blockClicked(conv));
        Dom.append(chatHeader, box.blockButton);
        if (overlay) {
            box.minimise = button("−", "p-box-minimise");
            Dom.attr(box.minimise, "title", tr("Minimise"));
            Dom.attr(box.minimise, "aria-expanded", "true");
            Dom.attr(box.minimise, "aria-label", tr("Minimise the chat with {0}", conv.peer));
            Dom.on(box.minimise, "click", ev -> minimise(conv, !box.minimised));
            JSObject close = button("×", "p-box-close");
            Dom.attr(close, "aria-label", tr("Close the chat with {0}", conv.peer));
            Dom.attr(close, "title", tr("Close"));
            Dom.on(close, "click", ev -> closeBox(conv));
            // A minimised box opens again from anywhere on its name.
            Dom.on(box.peerName, "click", ev -> {
                if (box.minimised) {
                    minimise(conv, false);
                }
            });
            Dom.append(chatHeader, box.minimise);
            Dom.append(chatHeader, close);
        }
        Dom.append(box.pane, chatHeader);
        // Rename a contact and put them in groups (RFC 6121 2.3).
        box.contactEditor = Dom.el("form", "p-contact-edit");
        Dom.attr(box.contactEditor, "aria-label", tr("Edit contact"));
        box.editName = input("text", "p-edit-name", tr("Name"), "off");
        Dom.attr(box.editName, "maxlength", "1000");
        box.editGroups = input("text", "p-edit-groups", tr("Groups, separated by commas"), "off");
        Dom.attr(box.editGroups, "placeholder", tr("Friends, Work"));
        JSObject save = button(tr("Save"), "p-edit-save");
        Dom.attr(save, "type", "submit");
        JSObject cancel = button(tr("Cancel"), "p-edit-cancel");
        Dom.on(cancel, "click", ev -> toggleEditor(conv, false));
        Dom.append(box.contactEditor, labelled(tr("Name"), box.editName));
        Dom.append(box.contactEditor, labelled(tr("Groups, separated by commas"), box.editGroups));
        Dom.append(box.contactEditor, save);
        Dom.append(box.contactEditor, cancel);
        Dom.on(box.contactEditor, "submit", ev -> {
            Dom.preventDefault(ev);
            List<String> groups = new ArrayList<>();
            for (String g : im.parley.util.Strings.split(Dom.value(box.editGroups), ',')) {
                String t = g.trim();
                if (!t.isEmpty() && !groups.contains(t)) {
                    groups.add(t);
                }
            }
            actions.updateContact(conv.peer, Dom.value(box.editName).trim(), groups);
            toggleEditor(conv, false);
        });
        box.contactProfile = Dom.el("dl", "p-contact-profile");
        Dom.attr(box.contactProfile, "aria-label", tr("Profile"));
        Dom.append(box.contactEditor, box.contactProfile);
        Dom.hidden(box.contactEditor, true);
        Dom.append(box.pane, box.contactEditor);
        box.olderButton = button(tr("Load older messages"), "p-older");
        Dom.on(box.olderButton, "click", ev -> loadOlder(conv));
        Dom.append(box.pane, box.olderButton);
        JSObject logHolder = Dom.el("div", "p-log-holder");
        Dom.append(logHolder, conv.log);
        Dom.append(box.pane, logHolder);
        box.composer = Dom.el("form", "p-composer");
        box.composerText = Dom.el("textarea", "p-composer-text");
        Dom.attr(box.composerText, "aria-label", tr("Message"));
        Dom.attr(box.composerText, "rows", "2");
        Dom.attr(box.composerText, "placeholder", tr("Message (Enter sends, Shift+Enter for a new line)"));
        box.spoilerToggle = button(tr("Spoiler"), "p-spoiler-toggle");
        Dom.attr(box.spoilerToggle, "aria-pressed", "false");
        Dom.attr(box.spoilerToggle, "title", tr("Send the next message as a spoiler: hidden until the reader opens it"));
        Dom.on(box.spoilerToggle, "click", ev -> {
            box.spoilerNext = !box.spoilerNext;
            Dom.attr(box.spoilerToggle, "aria-pressed", box.spoilerNext ? "true" : "false");
        });
        Dom.append(box.composer, box.spoilerToggle);
        // File upload (XEP-0363): the button opens the file picker; files can also be dropped on the chat.
        JSObject fileInput = Dom.el("input", "p-upload-file");
        Dom.attr(fileInput, "type", "file");
        Dom.attr(fileInput, "multiple", "");
        Dom.attr(fileInput, "tabindex", "-1");
        Dom.attr(fileInput, "aria-hidden", "true");
        Dom.hidden(fileInput, true);
        Dom.on(fileInput, "change", ev -> {
            shareFiles(conv, files(fileInput));
            Dom.setValue(fileInput, "");
        });
        JSObject attach = button(tr("Attach"), "p-attach");
        Dom.attr(attach, "title", tr("Share a file"));
        Dom.attr(attach, "aria-label", tr("Share a file"));
        Dom.on(attach, "click", ev -> clickElement(fileInput));
        Dom.append(box.composer, fileInput);
        Dom.append(box.composer, attach);
        Dom.on(box.pane, "dragover", Dom::preventDefault);
        Dom.on(box.pane, "drop", ev -> {
            Dom.preventDefault(ev);
            shareFiles(conv, droppedFiles(ev));
        });
        JSObject send = button(tr("Send"), "p-send");
        Dom.attr(send, "type", "submit");
        Dom.append(box.composer, box.composerText);
        Dom.append(box.composer, send);
        Dom.on(box.composer, "submit", ev -> {
            Dom.preventDefault(ev);
            submitComposer(conv);
        });
        Dom.on(box.composerText, "input", ev -> userTyped(conv));
        Dom.on(box.composerText, "keydown", ev -> {
            if ("Enter".equals(Dom.key(ev)) && !Dom.shiftKey(ev)) {
                Dom.preventDefault(ev);
                submitComposer(conv);
            } else if ("ArrowUp".equals(Dom.key(ev)) && Dom.value(box.composerText).isEmpty()
                    && box.editingId == null) {
                String last = lastOwnMessage(conv); // Converse's shortcut: correct the last message
                if (last != null) {
                    Dom.preventDefault(ev);
                    startEditing(conv, last);
                }
            } else if ("Escape".equals(Dom.key(ev)) && box.editingId != null) {
                stopEditing(box);
                Dom.setValue(box.composerText, "");
            }
        });
        Dom.on(box.pane, "focusin", ev -> {
            if (active != conv) {
                active = conv; // the chat the user works in: the one a warm start brings back
                actions.chatShown(conv.peer);
            }
        });
        Dom.append(box.pane, box.composer);
        conv.box = box;
        renderBadge(conv);
        return box;
    }

    private static JSObject heading(String text) {
        JSObject h = Dom.el("h2", "p-section");
        Dom.text(h, text);
        return h;
    }

    private static JSObject button(String text, String cls) {
        JSObject b = Dom.el("button", cls);
        Dom.attr(b, "type", "button");
        Dom.text(b, text);
        return b;
    }

    private static JSObject input(String type, String cls, String label, String autocomplete) {
        JSObject i = Dom.el("input", cls);
        Dom.attr(i, "type", type);
        Dom.attr(i, "aria-label", label);
        Dom.attr(i, "autocomplete", autocomplete);
        return i;
    }

    private static JSObject labelled(String text, JSObject control) {
        JSObject l = Dom.el("label", "p-field");
        JSObject span = Dom.el("span");
        Dom.text(span, text);
        Dom.append(l, span);
        Dom.append(l, control);
        return l;
    }

    private void submitComposer(Conversation conv) {
        Box box = conv.box;
        String body = Dom.value(box.composerText);
        if (body.trim().isEmpty()) {
            return;
        }
        Dom.setValue(box.composerText, "");
        composingTo = null; // the message itself carries <active/>
        typingEpoch++;
        if (box.editingId != null) {
            String id = box.editingId;
            stopEditing(box);
            actions.correct(conv.peer, id, body);
            return;
        }
        String spoiler = box.spoilerNext ? "" : null;
        box.spoilerNext = false;
        Dom.attr(box.spoilerToggle, "aria-pressed", "false");
        actions.send(conv.peer, body, spoiler);
    }

    private void startEditing(Conversation conv, String id) {
        if (conv == null || conv.box == null) {
            return;
        }
        JSObject li = conv.messages.item(id);
        if (li == null || !"out".equals(Dom.getAttr(li, "data-dir")) || "true".equals(Dom.getAttr(li, "data-retracted"))) {
            return;
        }
        Box box = conv.box;
        box.editingId = id;
        Dom.setValue(box.composerText, Dom.getAttr(li, "data-text"));
        Dom.attr(box.composer, "data-editing", id);
        Dom.attr(box.composerText, "aria-label", tr("Correct your message (Escape cancels)"));
        Dom.focus(box.composerText);
    }

    private static void stopEditing(Box box) {
        box.editingId = null;
        Dom.attr(box.composer, "data-editing", null);
        Dom.attr(box.composerText, "aria-label", tr("Message"));
    }

    /** The last of the user's messages in a chat that can still be corrected, or null. */
    private static String lastOwnMessage(Conversation conv) {
        conv.messages.toLatest();
        JSObject li = Dom.last(conv.log, "li.p-out[data-id]:not([data-retracted='true'])");
        return li == null ? null : Dom.getAttr(li, "data-id");
    }

    /**
     * A message corrected or retracted by its author (the worker checked that): shown with the new text and
     * "edited", or as deleted. Applied only to a message of that direction in that conversation.
     */
    void edit(String peer, String id, String body, boolean outgoing) {
        Conversation conv = conversations.get(peer);
        JSObject li = conv == null ? null : conv.messages.item(id);
        if (li == null || !(outgoing ? "out" : "in").equals(Dom.getAttr(li, "data-dir"))) {
            return;
        }
        renderBody(li, body, body != null, body == null);
        if (body == null && conv.box != null && id.equals(conv.box.editingId)) {
            stopEditing(conv.box);
            Dom.setValue(conv.box.composerText, "");
        }
    }

    /** Marks the user as composing; after five quiet seconds, as paused (XEP-0085's suggested timing). */
    private void userTyped(Conversation conv) {
        if (Dom.value(conv.box.composerText).isEmpty()) {
            return;
        }
        if (!conv.peer.equals(composingTo)) {
            composingTo = conv.peer;
            actions.chatState(composingTo, "composing");
        }
        int epoch = ++typingEpoch;
        Dom.later(5000, () -> {
            if (epoch == typingEpoch && composingTo != null) {
                actions.chatState(composingTo, "paused");
                composingTo = null;
            }
        });
    }

    /** Whether the page is visible (messages in the open chat count as seen only then). */
    private boolean pageVisible = true;

    void visible(boolean isVisible) {
        pageVisible = isVisible;
        markSeen();
    }

    /** Tells the worker, for each chat in view, that its newest incoming message was seen. */
    private void markSeen() {
        for (Conversation conv : conversations.values()) {
            markSeen(conv);
        }
    }

    /** The newest incoming message of a chat in view is on screen: tell the worker, once per message. */
    private void markSeen(Conversation conv) {
        if (!inView(conv) || !pageVisible) {
            return;
        }
        JSObject last = Dom.last(conv.log, "li.p-in");
        String id = last == null ? null : Dom.getAttr(last, "data-id");
        if (id != null && !id.equals(conv.lastSeen)) {
            conv.lastSeen = id;
            actions.displayed(conv.peer, id);
        }
    }

    /** Whether a chat is on screen: the one shown, or (overlayed) an open box that is not minimised. */
    private boolean inView(Conversation conv) {
        if (conv.box == null) {
            return false;
        }
        return overlay ? conv.box.open && !conv.box.minimised && !conv.box.trimmed : conv == active;
    }

    private JSObject ownAvatar;
    static final int MAX_AVATAR = 256 * 1024;
    /** Avatars by bare JID, as blob: URLs of the images (revoked when replaced). */
    private final Map<String, String> avatarUrls = new LinkedHashMap<>();

    /** A contact's (or the user's own) avatar arrived (type and base64), or went away (null). */
    void avatar(String jid, String type, String data) {
        String old = avatarUrls.remove(jid);
        if (old != null) {
            revokeUrl(old);
        }
        if (type != null && data != null) {
            avatarUrls.put(jid, imageUrl(type, data));
        }
        if (jid.equals(selfJid == null ? null : im.parley.util.Strings.split(selfJid, '/').get(0))) {
            String url = avatarUrls.get(jid);
            Dom.attr(ownAvatar, "src", url);
            Dom.hidden(ownAvatar, url == null);
        }
        rosterView.avatarChanged(jid);
    }

    @org.teavm.jso.JSFunctor
    interface ImageRead extends JSObject {
        void read(String type, String data);
    }

    /**
     * Reads the chosen image file as base64; type "" and an explanation if it is not one of the accepted types or
     * is larger than {@code max} bytes.
     */
    @org.teavm.jso.JSBody(params = {"input", "max", "done"}, script = ""
            + "var file = input.files && input.files[0]; input.value = '';"
            + "if (!file) return;"
            + "if (['image/png', 'image/jpeg', 'image/gif', 'image/webp'].indexOf(file.type) < 0) { done('', 'type'); return; }"
            + "if (file.size > max) { done('', 'size'); return; }"
            + "file.arrayBuffer().then(function(buf) { var arr = new Uint8Array(buf), parts = [];"
            + "  for (var pos = 0; pos < arr.length; pos += 8192) parts.push(String.fromCharCode.apply(null, arr.subarray(pos, pos + 8192)));"
            + "  done(file.type, btoa(parts.join(''))); });")
    private static native void readImage(JSObject input, int max, ImageRead done);

    @org.teavm.jso.JSBody(params = {"type", "data"}, script = "var bin = atob(data), arr = new Uint8Array(bin.length);"
            + "for (var pos = 0; pos < bin.length; pos++) arr[pos] = bin.charCodeAt(pos);"
            + "return URL.createObjectURL(new Blob([arr], {type: type}));")
    private static native String imageUrl(String type, String data);

    @org.teavm.jso.JSBody(params = "url", script = "URL.revokeObjectURL(url);")
    private static native void revokeUrl(String url);

    private JSObject blockButton;
    private int uploadCounter;

    /** Starts sharing each file with the open chat's contact, with a placeholder showing its progress. */
    private void shareFiles(Conversation conv, JSObject[] files) {
        if (files.length == 0) {
            return;
        }
        if (!connected) {
            setStatus(tr("Files can be shared once you are online."));
            return;
        }
        for (JSObject file : files) {
            String id = "up-" + (++uploadCounter) + "-" + (long) Dom.now();
            String name = fileName(file);
            double size = fileSize(file);
            String type = fileType(file);
            JSObject li = Dom.el("li", "p-message p-out p-upload");
            Dom.attr(li, "data-upload", id);
            Dom.attr(li, "data-ts", String.valueOf((long) Dom.now()));
            JSObject meta = Dom.el("span", "p-meta");
            Dom.text(meta, tr("me") + " · " + Dom.time(Dom.now()));
            JSObject label = Dom.el("span", "p-upload-name");
            Dom.text(label, name);
            JSObject bar = Dom.el("progress", "p-upload-progress");
            Dom.attr(bar, "max", String.valueOf((long) size));
            Dom.attr(bar, "value", "0");
            Dom.attr(bar, "aria-label", tr("Uploading {0}", name));
            Dom.append(li, meta);
            Dom.append(li, label);
            if (type.startsWith("image/")) {
                // The sender sees the picture at once, from the local file (never from the network).
                JSObject img = Dom.el("img", "p-oob-image");
                Dom.attr(img, "alt", name);
                Dom.attr(img, "src", localUrl(file));
                Dom.append(li, img);
            }
            Dom.append(li, bar);
            conv.messages.toLatest();
            Dom.append(conv.log, li);
            Dom.scrollToBottom(conv.log);
            actions.upload(id, conv.peer, file, name, size, type);
        }
    }

    /** An upload moved on: progress, done (the shared link arrives as a message), or failed with a reason. */
    void uploadState(String id, String state, double loaded, double total, String error) {
        JSObject li = null;
        for (Conversation conv : conversations.values()) {
            li = Dom.query(conv.log, "li[data-upload=\"" + cssEscape(id) + "\"]");
            if (li != null) {
                break;
            }
        }
        if (li == null) {
            return;
        }
        JSObject bar = Dom.query(li, ".p-upload-progress");
        switch (state) {
            case "progress":
                Dom.attr(bar, "max", String.valueOf((long) total));
                Dom.attr(bar, "value", String.valueOf((long) loaded));
                break;
            case "done":
                JSObject img = Dom.query(li, "img");
                if (img != null) {
                    revokeUrl(Dom.getAttr(img, "src"));
                }
                Dom.remove(li);
                break;
            case "failed":
                Dom.remove(bar);
                Dom.attr(li, "data-state", "failed");
                JSObject why = Dom.el("span", "p-upload-error");
                Dom.attr(why, "role", "alert");
                Dom.text(why, tr("Not shared: {0}", error == null ? "" : error));
                Dom.append(li, why);
                break;
            default:
                break;
        }
    }

    @org.teavm.jso.JSBody(params = "input", script = "return Array.prototype.slice.call(input.files || []);")
    private static native JSObject[] files(JSObject input);

    @org.teavm.jso.JSBody(params = "ev", script = "var dt = ev.dataTransfer;"
            + "return dt && dt.files ? Array.prototype.slice.call(dt.files) : [];")
    private static native JSObject[] droppedFiles(JSObject ev);

    @org.teavm.jso.JSBody(params = "f", script = "return String(f.name || 'file');")
    private static native String fileName(JSObject f);

    @org.teavm.jso.JSBody(params = "f", script = "return f.size;")
    private static native double fileSize(JSObject f);

    @org.teavm.jso.JSBody(params = "f", script = "return String(f.type || '');")
    private static native String fileType(JSObject f);

    @org.teavm.jso.JSBody(params = "f", script = "return URL.createObjectURL(f);")
    private static native String localUrl(JSObject f);

    @org.teavm.jso.JSBody(params = "e", script = "e.click();")
    private static native void clickElement(JSObject e);

    /**
     * Whether a shared link names a picture (by its path's extension): such links get a preview, which the frame's
     * img-src policy allows only from the deployment's own upload service.
     */
    static boolean looksLikeImage(String url) {
        String path = url;
        int cut = path.indexOf('?');
        path = cut < 0 ? path : path.substring(0, cut);
        cut = path.indexOf('#');
        path = (cut < 0 ? path : path.substring(0, cut)).toLowerCase();
        return path.endsWith(".png") || path.endsWith(".jpg") || path.endsWith(".jpeg") || path.endsWith(".gif")
                || path.endsWith(".webp");
    }
    private JSObject ownShow;
    private JSObject themeSelect;
    private JSObject[] profileInputs;
    private JSObject profileForm;
    /** The user typed in the profile form since it was filled: what arrives then does not overwrite it. */
    private boolean profileEdited;

    /**
     * A profile arrived: the user's own (jid null) fills the form; a contact's shows in the open chat's details if
     * it is that contact's. Fields: full name, nickname, email, web address, role (null for none).
     */
    void profile(String jid, String[] fields) {
        if (jid == null) {
            if (!profileEdited) {
                for (int i = 0; i < profileInputs.length && i < fields.length; i++) {
                    Dom.setValue(profileInputs[i], fields[i] == null ? "" : fields[i]);
                }
            }
            Dom.attr(profileForm, "data-loaded", "true");
            return;
        }
        Conversation conv = conversations.get(jid);
        if (conv == null || conv.box == null) {
            return;
        }
        JSObject contactProfile = conv.box.contactProfile;
        Dom.clear(contactProfile);
        String[] labels = {tr("Full name"), tr("Nickname"), tr("Email"), tr("Web address"), tr("Role")};
        boolean any = false;
        for (int i = 0; i < labels.length && i < fields.length; i++) {
            if (fields[i] == null) {
                continue;
            }
            any = true;
            JSObject dt = Dom.el("dt");
            Dom.text(dt, labels[i]);
            JSObject dd = Dom.el("dd");
            if (i == 3 && (fields[i].startsWith("https://") || fields[i].startsWith("http://"))) {
                JSObject a = Dom.el("a");
                Dom.attr(a, "href", fields[i]);
                Dom.attr(a, "rel", "noopener noreferrer nofollow");
                Dom.attr(a, "target", "_blank");
                Dom.text(a, fields[i]);
                Dom.append(dd, a);
            } else {
                Dom.text(dd, fields[i]);
            }
            Dom.append(contactProfile, dt);
            Dom.append(contactProfile, dd);
        }
        Dom.attr(contactProfile, "data-loaded", any ? "profile" : "empty");
        if (!any) {
            JSObject dt = Dom.el("dt");
            Dom.text(dt, tr("Profile"));
            JSObject dd = Dom.el("dd");
            Dom.text(dd, tr("No profile published."));
            Dom.append(contactProfile, dt);
            Dom.append(contactProfile, dd);
        }
    }

    /** Shows which theme is chosen ("system", "default" or "dracula"). */
    void theme(String choice) {
        Dom.setValue(themeSelect, choice);
    }
    private JSObject ownStatus;

    /** A chat's title, and the controls that only a contact has (edit, remove). */
    private void renderContactControls(Conversation conv) {
        Box box = conv.box;
        RosterView.Contact contact = rosterView.contact(conv.peer);
        Dom.text(box.peerName, contact == null ? conv.peer : contact.name + " <" + conv.peer + ">");
        Dom.attr(box.peerName, "title", conv.peer);
        Dom.hidden(box.removeButton, !allowRemoval || contact == null);
        Dom.hidden(box.editButton, contact == null);
        if (contact == null) {
            toggleEditor(conv, false);
        }
    }

    /** Opens the contact editor with the contact's name and groups as they are, or closes it. */
    private void toggleEditor(Conversation conv, boolean open) {
        Box box = conv.box;
        RosterView.Contact contact = rosterView.contact(conv.peer);
        if (open && contact != null) {
            Dom.setValue(box.editName, contact.name.equals(contact.jid) ? "" : contact.name);
            Dom.setValue(box.editGroups, String.join(", ", contact.groups));
        }
        Dom.hidden(box.contactEditor, !(open && contact != null));
        Dom.attr(box.editButton, "aria-expanded", open && contact != null ? "true" : "false");
        if (open && contact != null) {
            Dom.clear(box.contactProfile);
            Dom.attr(box.contactProfile, "data-loaded", null);
            if (connected) {
                actions.getProfile(contact.jid);
            }
            Dom.focus(box.editName);
        }
    }
    private JSObject blockedList;
    /** The JIDs the account blocks, as the server last said. */
    private final java.util.Set<String> blocked = new java.util.TreeSet<>();

    /** Block asks first (two clicks), like removing; unblocking is immediate. */
    private void blockClicked(Conversation conv) {
        String peer = conv.peer;
        JSObject blockButton = conv.box.blockButton;
        if (blocked.contains(peer)) {
            actions.block(peer, false);
            return;
        }
        if ("confirm".equals(Dom.getAttr(blockButton, "data-step"))) {
            Dom.attr(blockButton, "data-step", null);
            actions.block(peer, true);
            return;
        }
        Dom.attr(blockButton, "data-step", "confirm");
        Dom.text(blockButton, tr("Really block {0}?", displayName(peer)));
    }

    /** The block list changed: the Account section lists it, and the chats' controls follow it. */
    void blocklist(List<String> jids) {
        blocked.clear();
        blocked.addAll(jids);
        Dom.clear(blockedList);
        for (String jid : jids) {
            JSObject li = Dom.el("li", "p-blocked-item");
            Dom.attr(li, "data-jid", jid);
            JSObject name = Dom.el("span");
            Dom.text(name, jid);
            JSObject unblock = button(tr("Unblock"), "p-unblock");
            Dom.attr(unblock, "aria-label", tr("Unblock {0}", jid));
            Dom.on(unblock, "click", ev -> actions.block(jid, false));
            Dom.append(li, name);
            Dom.append(li, unblock);
            Dom.append(blockedList, li);
        }
        for (Conversation conv : conversations.values()) {
            renderBlock(conv);
        }
    }

    private void renderBlock(Conversation conv) {
        Box box = conv.box;
        if (box == null) {
            return;
        }
        boolean isBlocked = blocked.contains(conv.peer);
        Dom.attr(box.blockButton, "data-step", null);
        Dom.text(box.blockButton, isBlocked ? tr("Unblock") : tr("Block"));
        Dom.attr(box.pane, "data-blocked", isBlocked ? "true" : null);
        Dom.disabled(box.composerText, isBlocked);
        Dom.attr(box.composerText, "placeholder", isBlocked ? tr("You blocked this address; unblock it to write.")
                : tr("Message (Enter sends, Shift+Enter for a new line)"));
    }

    /** Removing takes two clicks: the first asks for confirmation, for five seconds. */
    private void removeClicked(Conversation conv) {
        Box box = conv.box;
        if ("confirm".equals(Dom.getAttr(box.removeButton, "data-step"))) {
            Dom.attr(box.removeButton, "data-step", null);
            Dom.text(box.removeButton, tr("Remove contact"));
            actions.removeContact(conv.peer);
            return;
        }
        Dom.attr(box.removeButton, "data-step", "confirm");
        Dom.text(box.removeButton, tr("Really remove {0}?", displayName(conv.peer)));
        int epoch = ++box.removeEpoch;
        Dom.later(5000, () -> {
            if (epoch == box.removeEpoch) {
                Dom.attr(box.removeButton, "data-step", null);
                Dom.text(box.removeButton, tr("Remove contact"));
            }
        });
    }

    /** The contact requests waiting for an answer: {jid, nick or null}. */
    void requests(List<String[]> pending) {
        Dom.clear(requestsList);
        for (String[] r : pending) {
            String jid = r[0];
            JSObject li = Dom.el("li", "p-request");
            Dom.attr(li, "data-jid", jid);
            JSObject who = Dom.el("span", "p-request-who");
            Dom.text(who, r[1] == null || r[1].isEmpty() ? jid : r[1] + " <" + jid + ">");
            JSObject accept = button(tr("Accept"), "p-request-accept");
            Dom.attr(accept, "aria-label", tr("Accept {0} as a contact", jid));
            Dom.on(accept, "click", ev -> actions.answerRequest(jid, true));
            JSObject decline = button(tr("Decline"), "p-request-decline");
            Dom.attr(decline, "aria-label", tr("Decline {0}", jid));
            Dom.on(decline, "click", ev -> actions.answerRequest(jid, false));
            Dom.append(li, who);
            Dom.append(li, accept);
            Dom.append(li, decline);
            Dom.append(requestsList, li);
        }
        Dom.hidden(requestsHeading, pending.isEmpty());
        Dom.hidden(requestsList, pending.isEmpty());
    }

    /** A contact's chat state: shown under the conversation's title while it is composing. */
    void chatState(String peer, String state) {
        Conversation conv = conversations.get(peer);
        if (conv == null) {
            return;
        }
        conv.typing = "composing".equals(state);
        renderTyping(conv);
    }

    private void renderTyping(Conversation conv) {
        if (conv.box != null) {
            Dom.text(conv.box.typing, conv.typing ? tr("{0} is typing…", displayName(conv.peer)) : "");
        }
    }

    /** The contacts box minimised to its header bar, or opened again (overlayed); chat boxes stay as they are. */
    private void setCollapsed(boolean on) {
        collapsed = on;
        Dom.toggleClass(app, "p-collapsed", on);
        Dom.attr(toggle, "aria-expanded", on ? "false" : "true");
        renderToggle();
        layout();
    }

    /** Overlayed: minimises a chat box to its header bar (with the unread count), or opens it again. */
    private void minimise(Conversation conv, boolean on) {
        Box box = conv.box;
        box.minimised = on;
        Dom.toggleClass(box.pane, "p-minimised", on);
        Dom.attr(box.minimise, "aria-expanded", on ? "false" : "true");
        Dom.text(box.minimise, on ? "▴" : "−");
        Dom.attr(box.minimise, "title", on ? tr("Open") : tr("Minimise"));
        layout();
        if (!on) {
            cameIntoView(conv);
            Dom.focus(box.composerText);
        }
    }

    /** Overlayed: closes a chat box; the conversation stays in the list, with what it holds. */
    private void closeBox(Conversation conv) {
        Box box = conv.box;
        box.open = false;
        openBoxes.remove(conv);
        Dom.remove(box.pane);
        if (active == conv) {
            active = openBoxes.isEmpty() ? null : openBoxes.get(0);
            actions.chatShown(active == null ? null : active.peer);
        }
        layout();
    }

    /** The host page's viewport (overlayed: the boxes must fit in it), in CSS pixels. */
    private double viewportWidth = 1280;
    private double viewportHeight = 800;

    void viewport(double width, double height) {
        viewportWidth = width;
        viewportHeight = height;
        layout();
    }

    static final int GAP = 12;
    static final int CONTROL_WIDTH = 320;
    static final int CONTROL_HEIGHT = 600;
    static final int BOX_WIDTH = 360;
    static final int BOX_HEIGHT = 520;
    static final int BAR_WIDTH = 220;
    static final int BAR_HEIGHT = 49;
    /** The host keeps the row this far from the right edge of its page. */
    static final int HOST_MARGIN = 16;

    /**
     * Overlayed: sizes the boxes along the bottom of the page, right to left (the contacts box, then the chats, the
     * most recently opened first); chats that do not fit in the host's viewport are left out until there is room
     * (they stay in the list of conversations). The host is told each box's size, so that it sizes its iframe and
     * clips it to the boxes: the page between and above them stays clickable.
     */
    private void layout() {
        if (!overlay) {
            return;
        }
        int available = (int) Math.max(BAR_WIDTH, viewportWidth - HOST_MARGIN);
        int maxHeight = (int) Math.max(BAR_HEIGHT, viewportHeight);
        List<double[]> sizes = new ArrayList<>();
        int controlWidth = Math.min(CONTROL_WIDTH, available);
        int controlHeight = collapsed ? BAR_HEIGHT : Math.min(CONTROL_HEIGHT, maxHeight);
        size(app, controlWidth, controlHeight);
        sizes.add(new double[] {controlWidth, controlHeight});
        int used = controlWidth;
        int order = 0;
        for (Conversation conv : openBoxes) {
            Box box = conv.box;
            Dom.style(box.pane, "order", String.valueOf(++order)); // the row's place, whatever the DOM order
            int w = box.minimised ? BAR_WIDTH : BOX_WIDTH;
            int h = box.minimised ? BAR_HEIGHT : Math.min(BOX_HEIGHT, maxHeight);
            boolean fits = used + GAP + w <= available;
            boolean wasTrimmed = box.trimmed;
            box.trimmed = !fits;
            Dom.hidden(box.pane, !fits);
            if (fits) {
                used += GAP + w;
                size(box.pane, w, h);
                sizes.add(new double[] {w, h});
                if (wasTrimmed && !box.minimised) {
                    cameIntoView(conv);
                }
            }
        }
        actions.layout(sizes);
    }

    private static void size(JSObject e, int width, int height) {
        Dom.style(e, "width", width + "px");
        Dom.style(e, "height", height + "px");
    }

    private void renderToggle() {
        if (toggle != null) {
            int unread = totalUnread();
            Dom.text(toggle, collapsed ? (unread > 0 ? tr("Open chat ({0})", unread) : tr("Open chat")) : tr("Minimise"));
        }
    }

    void prefillJid(String jid) {
        Dom.setValue(loginJid, jid);
    }

    void showLogin() {
        Dom.hidden(loginForm, false);
        Dom.hidden(main, true);
        Dom.hidden(logoutButton, true);
        Dom.disabled(loginButton, false);
        Dom.focus(Dom.value(loginJid).isEmpty() ? loginJid : loginPassword);
    }

    /** While the worker looks for a login kept on this device: no form to fill that may vanish under the user. */
    void hideLogin() {
        Dom.hidden(loginForm, true);
    }

    private boolean identityProvider;

    /** Converse's authentication 'oauth': no password here; the identity provider's window asks for the login. */
    void useIdentityProvider() {
        identityProvider = true;
        Dom.hidden(Dom.parent(loginPassword), true);
        Dom.text(loginButton, tr("Log in with your identity provider"));
    }

    /** Converse's authentication 'external': no password; the browser's client certificate is the credential. */
    void useClientCertificate() {
        identityProvider = true;
        Dom.hidden(Dom.parent(loginPassword), true);
        Dom.text(loginButton, tr("Log in with this browser's certificate"));
    }

    private JSObject loginStay;

    /** Shows the "Stay logged in on this device" checkbox (authentication 'login', a persistent cache). */
    void offerStayLoggedIn() {
        Dom.hidden(Dom.parent(loginStay), false);
    }

    /** Whether the user ticked "Stay logged in on this device" (false where it is not offered). */
    boolean stayLoggedIn() {
        return !Dom.isHidden(Dom.parent(loginStay)) && Dom.checked(loginStay);
    }

    void showLoginError(String text) {
        Dom.text(loginError, text);
    }

    void setStatus(String text) {
        Dom.text(status, text);
    }

    /** How the session logged in (e.g. "SASL2 SCRAM-SHA-256, Bind 2"): the status line's tooltip, for the curious. */
    void loginMethod(String method) {
        Dom.attr(status, "title", method == null ? "" : tr("Signed in with {0}", method));
        Dom.attr(status, "data-login", method == null ? "" : method);
    }

    void connecting() {
        Dom.disabled(loginButton, true);
        Dom.text(loginError, "");
    }

    void online(String jid) {
        selfJid = jid;
        connected = true;
        showMain();
        for (Conversation conv : conversations.values()) {
            if (conv.box != null && !conv.archiveAsked && (inView(conv) || conv.box.open)) {
                loadOlder(conv);
            }
        }
    }

    /** The connection is down (reconnecting or offline): the archive waits. */
    void disconnected() {
        connected = false;
        for (Conversation c : conversations.values()) {
            c.archiveLoading = false;
            renderOlder(c);
        }
    }

    /**
     * Shows the main view, the first time in this login only (when online, or earlier with the cached data of a
     * warm start). A reconnect must not move the focus away from what the user is typing in.
     */
    void showMain() {
        if (Dom.isHidden(main)) {
            Dom.hidden(loginForm, true);
            Dom.hidden(main, false);
            Dom.hidden(logoutButton, false);
            Dom.focus(openInput);
        }
    }

    /** A notice about the cache, shown until the next one or the next login. */
    void notice(String text) {
        Dom.text(notice, text);
        Dom.hidden(notice, text == null || text.isEmpty());
    }

    void offline() {
        rosterView.clear();
        Dom.setValue(ownShow, "");
        Dom.setValue(ownStatus, "");
        notice(null);
        requests(new ArrayList<>());
        for (Conversation conv : conversations.values()) {
            if (conv.box != null) {
                Dom.remove(conv.box.pane);
            }
        }
        conversations.clear();
        openBoxes.clear();
        active = null;
        Dom.clear(convList);
        Dom.toggleClass(main, "p-has-chat", false);
        layout();
        actions.unreadChanged(0);
        showLogin();
    }

    String selfJid() {
        return selfJid;
    }

    /** The whole roster: [jid, name or null, groups] per contact. */
    void roster(List<Object[]> items) {
        rosterPart(items, false);
    }

    /** A part of the whole roster ({@code more}: parts follow); the list changes after the last. */
    void rosterPart(List<Object[]> items, boolean more) {
        rosterView.rosterPart(items, more);
        if (more) {
            return;
        }
        for (Conversation conv : conversations.values()) {
            renderConversationRow(conv);
            if (conv.box != null) {
                renderContactControls(conv);
            }
        }
    }

    /** A contact's availability (show null: offline), status message, and idle since (epoch ms, 0: not idle). */
    void presence(String jid, String show, String status, double idleSince) {
        rosterView.presence(jid, show, status, idleSince);
    }

    private Conversation conversation(String peer) {
        Conversation conv = conversations.get(peer);
        if (conv == null) {
            conv = new Conversation(peer);
            conv.log = Dom.el("ol", "p-messages");
            // A list of messages (not role=log, which would take the list's semantics away); new ones are announced.
            Dom.attr(conv.log, "aria-live", "polite");
            Dom.attr(conv.log, "aria-relevant", "additions");
            Dom.attr(conv.log, "aria-label", tr("Messages with {0}", peer));
            Dom.attr(conv.log, "tabindex", "0");
            conv.messages = new MessageLog(conv.log);
            Conversation fresh = conv;
            Dom.on(conv.log, "scroll", ev -> {
                // Detached messages come back first; at the very top, the archive is asked for older ones.
                if (fresh.messages.scrolled()) {
                    loadOlder(fresh);
                }
            });
            conversations.put(peer, conv);
            JSObject li = Dom.el("li", "p-conversation");
            conv.row = button("", "p-conversation-button");
            Dom.attr(conv.row, "data-jid", peer);
            final Conversation c = conv;
            Dom.on(conv.row, "click", ev -> showChat(c));
            Dom.append(li, conv.row);
            Dom.prepend(convList, li);
            renderConversationRow(conv);
        }
        return conv;
    }

    private void renderConversationRow(Conversation conv) {
        Dom.clear(conv.row);
        JSObject name = Dom.el("span", "p-conversation-name");
        Dom.text(name, rosterView.name(conv.peer));
        rosterView.unread(conv.peer, conv.unread);
        Dom.append(conv.row, name);
        conv.badge = Dom.el("span", "p-unread");
        renderUnread(conv.badge, conv.unread);
        Dom.append(conv.row, conv.badge);
        renderBadge(conv);
    }

    /** The unread count in a chat box's header (seen when it is minimised). */
    private static void renderBadge(Conversation conv) {
        if (conv.box != null) {
            renderUnread(conv.box.badge, conv.unread);
        }
    }

    /** An unread count: the number (hidden at 0) and what a screen reader says of it. */
    private static void renderUnread(JSObject badge, int unread) {
        Dom.text(badge, unread == 0 ? "" : String.valueOf(unread));
        Dom.attr(badge, "aria-label", im.parley.web.i18n.I18n.plural("{0} unread message", "{0} unread messages",
                unread));
        Dom.hidden(badge, unread == 0);
    }

    /** Shows the chat that was open on the last page (a warm start), unless the user has opened one since. */
    void restore(String peer) {
        if (active == null) {
            showChat(conversation(peer));
        }
    }

    /** Opens (or focuses) the chat with a bare JID. */
    void open(String peer) {
        Conversation conv = conversation(peer);
        showChat(conv);
        Dom.focus(conv.box.composerText);
    }

    /**
     * Shows a chat: fullscreen and embedded, in place of the one shown before (null: none, back to the contacts);
     * overlayed, in its box (opened next to the contacts box if it was closed, or left out for lack of room).
     */
    private void showChat(Conversation conv) {
        if (conv != active) {
            actions.chatShown(conv == null ? null : conv.peer);
        }
        Conversation before = active;
        active = conv;
        if (conv != null && conv.box == null) {
            buildBox(conv);
            renderContactControls(conv);
            renderBlock(conv);
            renderTyping(conv);
        }
        if (overlay) {
            if (conv == null) {
                return;
            }
            Box box = conv.box;
            if (!box.open || box.trimmed) {
                box.open = true;
                openBoxes.remove(conv);
                openBoxes.add(0, conv);
                Dom.append(dock, box.pane);
            }
            if (box.minimised) {
                minimise(conv, false);
                return;
            }
            layout();
        } else {
            if (before != null && before != conv && before.box != null) {
                toggleEditor(before, false);
                Dom.remove(before.box.pane);
            }
            Dom.toggleClass(main, "p-has-chat", conv != null);
            if (conv == null) {
                return;
            }
            Dom.append(chatArea, conv.box.pane);
        }
        renderContactControls(conv);
        Dom.scrollToBottom(conv.log);
        renderOlder(conv);
        renderBlock(conv);
        cameIntoView(conv);
        if (!conv.archiveAsked && connected) {
            loadOlder(conv); // history on opening a chat: the latest page of the archive
        }
    }

    /**
     * A chat came into view: what arrived while it was out of view is read, under a "New messages" separator above
     * the first of it.
     */
    private void cameIntoView(Conversation conv) {
        markSeen(conv);
        JSObject oldSeparator = Dom.query(conv.log, ".p-unread-separator");
        if (oldSeparator != null) {
            Dom.remove(oldSeparator);
        }
        if (conv.unread > 0) {
            // "New messages" above the first one that came while the chat was not in view.
            JSObject first = conv.firstUnread == null || !conv.messages.isShown(conv.firstUnread) ? null
                    : conv.messages.item(conv.firstUnread);
            if (first != null) {
                JSObject separator = Dom.el("li", "p-unread-separator");
                Dom.text(separator, conv.unread == 1 ? tr("New message") : tr("{0} new messages", conv.unread));
                Dom.insertBefore(conv.log, separator, first);
                Dom.scrollIntoView(separator);
            }
            conv.firstUnread = null;
            conv.unread = 0;
            renderConversationRow(conv);
            actions.unreadChanged(totalUnread());
            renderToggle();
        }
    }

    /** Whether desktop notifications may be shown (Converse's show_desktop_notifications; the browser asks too). */
    private boolean notificationsWanted = true;

    void setNotifications(boolean wanted) {
        notificationsWanted = wanted;
    }

    /**
     * A desktop notification for a message that arrived out of view: the sender's name and the text, as plain text
     * (the Notification API renders no markup), one per conversation at a time. Needs the user's permission.
     */
    private void notifyUser(String peer, String body) {
        if (notificationsWanted) {
            String text = body.length() > 200 ? body.substring(0, 200) + "…" : body;
            showNotification(displayName(peer), text, peer, () -> open(peer));
        }
    }

    @org.teavm.jso.JSBody(params = {"title", "body", "tag", "onClick"}, script = ""
            + "if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;"
            + "try { var note = new Notification(title, {body: body, tag: tag});"
            + "  note.onclick = function() { try { window.focus(); } catch (e) {} onClick(); note.close(); };"
            + "} catch (e) { /* not allowed in this context (a cross-origin frame) */ }")
    private static native void showNotification(String title, String body, String tag, Dom.Task onClick);

    @org.teavm.jso.JSBody(script = "return typeof Notification === 'undefined' ? 'unsupported' : String(Notification.permission);")
    private static native String notificationPermission();

    @org.teavm.jso.JSBody(params = "done", script = "if (typeof Notification === 'undefined') { done(); return; }"
            + "Notification.requestPermission().then(function() { done(); }, function() { done(); });")
    private static native void requestNotificationPermission(Dom.Task done);

    private void renderNotificationButton(JSObject button) {
        String p = notificationPermission();
        Dom.text(button, "granted".equals(p) ? tr("Desktop notifications are on")
                : "denied".equals(p) ? tr("Desktop notifications are blocked by the browser")
                : "unsupported".equals(p) ? tr("Desktop notifications are not available here")
                : tr("Allow desktop notifications"));
        Dom.disabled(button, !"default".equals(p));
    }

    private static String stateLabel(String state) {
        switch (state) {
            case "pending": return tr("waiting for the connection");
            case "sent": return tr("sent");
            case "acked": return tr("delivered to the server");
            case "delivered": return tr("received by the contact");
            case "displayed": return tr("seen by the contact");
            case "failed": return tr("not sent: the page was closed before it could go out");
            default: return null;
        }
    }

    /** Updates an outgoing message's delivery state (pending, sent, acked). */
    void messageState(String id, String peer, String state) {
        Conversation conv = conversations.get(peer);
        if (conv == null) {
            return;
        }
        JSObject li = conv.messages.item(id);
        if (li != null) {
            renderState(li, state);
        }
    }

    private static String cssEscape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** Delivery states in the order they happen: a late server ack must not downgrade a contact's receipt. */
    private static int rank(String state) {
        String[] order = {"pending", "sent", "acked", "delivered", "displayed"};
        for (int i = 0; i < order.length; i++) {
            if (order[i].equals(state)) {
                return i;
            }
        }
        return -1;
    }

    private static void renderState(JSObject li, String state) {
        if (state == null || (rank(state) >= 0 && rank(state) <= rank(Dom.getAttr(li, "data-state")))) {
            return;
        }
        Dom.attr(li, "data-state", state);
        JSObject mark = Dom.query(li, ".p-state");
        if (mark != null) {
            String label = stateLabel(state);
            if (label != null) {
                Dom.attr(mark, "role", "img"); // a symbol (CSS content) that stands for its label
                Dom.attr(mark, "title", label);
                Dom.attr(mark, "aria-label", label);
            }
        }
    }

    void message(String id, String peer, String body, boolean outgoing, double ts, String state, boolean edited,
            boolean retracted, String spoiler, String oob) {
        List<Object[]> one = new ArrayList<>();
        one.add(new Object[] {id, body, outgoing, ts, state, edited, retracted, spoiler, oob});
        messages(List.of(peer), one);
    }

    /**
     * Messages that arrived together (each {id, body, outgoing, ts, state, edited, retracted, spoiler, oob}, with
     * its conversation's peer at the same index of {@code peers}, in the order they came): each conversation takes
     * its share in one go, with one scroll, one notification (its last message) and one update of its unread count.
     */
    void messages(List<String> peers, List<Object[]> items) {
        Map<String, List<Object[]>> byPeer = new java.util.LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            byPeer.computeIfAbsent(peers.get(i), k -> new ArrayList<>()).add(items.get(i));
        }
        for (Map.Entry<String, List<Object[]>> e : byPeer.entrySet()) {
            arrived(conversation(e.getKey()), e.getValue());
        }
    }

    private void arrived(Conversation conv, List<Object[]> items) {
        String peer = conv.peer;
        // (a scroll to the bottom still to come means the reader follows: no need to read the layout for it)
        boolean stick = conv.stickPending || Dom.nearBottom(conv.log) && !conv.messages.hasNewer();
        List<String> ids = new ArrayList<>();
        List<java.util.function.Supplier<JSObject>> lis = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        boolean anyOutgoing = false;
        Object[] lastIncoming = null;
        int incoming = 0;
        String firstIncoming = null;
        for (Object[] m : items) {
            String id = (String) m[0];
            if (conv.messages.has(id) || !seen.add(id)) {
                continue;
            }
            boolean outgoing = (Boolean) m[2];
            ids.add(id);
            lis.add(itemOf(peer, m));
            times.add((Double) m[3]);
            anyOutgoing |= outgoing;
            if (!outgoing) {
                incoming++;
                firstIncoming = firstIncoming == null ? id : firstIncoming;
                if (!(Boolean) m[6]) {
                    lastIncoming = m;
                }
            }
        }
        if (ids.isEmpty()) {
            return;
        }
        if (incoming > 0 && conv.typing) {
            conv.typing = false; // the message they were typing has arrived
            renderTyping(conv);
        }
        // In time order: a message caught up from the archive may be older than what is already shown.
        conv.messages.insertAll(ids, lis, times, stick && !anyOutgoing, true);
        if (anyOutgoing) {
            conv.messages.toLatest(); // what the user just wrote is in view
        } else if (stick && !conv.stickPending) {
            // Once before the next paint, however many batches come until then: one layout per frame.
            conv.stickPending = true;
            Dom.beforePaint(() -> {
                conv.stickPending = false;
                Dom.scrollToBottom(conv.log);
            });
        }
        if (incoming == 0) {
            return;
        }
        markSeen(conv);
        if (lastIncoming != null && (!inView(conv) || !pageVisible)) {
            notifyUser(peer, (String) lastIncoming[1]);
        }
        if (!inView(conv)) {
            if (conv.unread == 0) {
                conv.firstUnread = firstIncoming;
            }
            conv.unread += incoming;
            renderConversationRow(conv);
            actions.unreadChanged(totalUnread());
            renderToggle();
        }
    }

    /**
     * A page of older messages from the archive, oldest first: they all precede what is shown, so they go on top
     * in their order (messages already shown are left out), and the view stays where the user was reading.
     */
    void olderPage(String peer, List<Object[]> items) {
        Conversation conv = conversation(peer);
        List<String> ids = new ArrayList<>();
        List<java.util.function.Supplier<JSObject>> lis = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Object[] m : items) {
            String id = (String) m[0];
            if (conv.messages.has(id) || !seen.add(id)) {
                continue;
            }
            ids.add(id);
            lis.add(itemOf(peer, m));
            times.add((Double) m[3]);
        }
        conv.messages.prependOlder(ids, lis, times);
        conv.olderAddedNothing = ids.isEmpty();
    }

    /**
     * The archive (or the cache) answered for peer with {@code count} messages: the "older messages" control shows
     * whether more can be loaded. An answer of messages that were all here already (the reader, at the top, has
     * nothing new to scroll to) is followed by the next page at once.
     */
    void archiveState(String peer, boolean complete, int count) {
        Conversation conv = conversation(peer);
        conv.archiveLoading = false;
        conv.archiveComplete = complete;
        renderOlder(conv);
        if (!complete && count > 0 && conv.olderAddedNothing) {
            conv.olderAddedNothing = false;
            loadOlder(conv);
        }
    }

    private void loadOlder(Conversation conv) {
        if (conv.messages.hasOlder()) {
            conv.messages.showOlder(); // what is here already comes first
            return;
        }
        if (conv.archiveLoading || conv.archiveComplete) {
            return; // (offline too: the worker answers from the encrypted cache what it can)
        }
        conv.archiveAsked |= connected; // offline, the latest page is still to be asked once online
        conv.archiveLoading = true;
        renderOlder(conv);
        actions.older(conv.peer, oldestShown(conv), conv.messages.oldestId());
    }

    /** The time of the oldest message shown in a conversation (epoch ms), 0 if none. */
    private static double oldestShown(Conversation conv) {
        return conv.messages.oldestTs();
    }

    private static void renderOlder(Conversation conv) {
        if (conv.box == null) {
            return;
        }
        JSObject olderButton = conv.box.olderButton;
        Dom.hidden(olderButton, conv.archiveComplete);
        Dom.disabled(olderButton, conv.archiveLoading);
        Dom.text(olderButton, conv.archiveLoading ? tr("Loading older messages…") : tr("Load older messages"));
    }

    /**
     * Cached messages of a conversation ({id, body, outgoing, ts, state}, oldest first): put in time order among
     * what is already shown, not counted as unread.
     */
    void history(String peer, List<Object[]> items) {
        Conversation conv = conversation(peer);
        List<String> ids = new ArrayList<>();
        List<java.util.function.Supplier<JSObject>> lis = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Object[] m : items) {
            String id = (String) m[0];
            if (conv.messages.has(id) || !seen.add(id)) {
                continue;
            }
            ids.add(id);
            lis.add(itemOf(peer, m));
            times.add((Double) m[3]);
        }
        conv.messages.insertAll(ids, lis, times, false, false); // in one go: one look at the layout
        if (inView(conv)) {
            conv.messages.toLatest();
        }
    }

    /** Makes the item of a message {id, body, outgoing, ts, state, edited, retracted, spoiler, oob} with peer. */
    private java.util.function.Supplier<JSObject> itemOf(String peer, Object[] m) {
        return () -> messageItem((String) m[0], peer, (String) m[1], (Boolean) m[2], (Double) m[3], (String) m[4],
                (Boolean) m[5], (Boolean) m[6], (String) m[7], (String) m[8]);
    }

    private JSObject messageItem(String id, String peer, String body, boolean outgoing, double ts, String state,
            boolean edited, boolean retracted, String spoiler, String oob) {
        JSObject li = Dom.el("li", outgoing ? "p-message p-out" : "p-message p-in");
        Dom.attr(li, "data-id", id);
        Dom.attr(li, "data-dir", outgoing ? "out" : "in");
        Dom.attr(li, "data-ts", String.valueOf((long) ts));
        JSObject meta = Dom.el("span", "p-meta");
        Dom.text(meta, (outgoing ? tr("me") : displayName(peer)) + " · " + Dom.time(ts));
        JSObject text = Dom.el("div", "p-body");
        Dom.attr(text, "dir", "auto");
        Dom.append(li, meta);
        Dom.append(li, text);
        if (outgoing) {
            JSObject mark = Dom.el("span", "p-state");
            Dom.append(meta, mark);
            renderState(li, state);
            JSObject tools = Dom.el("span", "p-message-actions");
            JSObject editButton = button(tr("Edit"), "p-edit");
            Dom.attr(editButton, "aria-label", tr("Correct this message"));
            Dom.on(editButton, "click", ev -> startEditing(conversations.get(peer), id));
            JSObject retractButton = button(tr("Delete"), "p-retract");
            Dom.attr(retractButton, "aria-label", tr("Delete this message for everyone"));
            Dom.on(retractButton, "click", ev -> {
                // Two clicks: the first asks, the second deletes (for everyone, as far as their clients support it).
                if (!"true".equals(Dom.getAttr(retractButton, "data-confirm"))) {
                    Dom.attr(retractButton, "data-confirm", "true");
                    Dom.text(retractButton, tr("Delete for everyone?"));
                    return;
                }
                actions.retract(peer, id);
            });
            Dom.append(tools, editButton);
            Dom.append(tools, retractButton);
            Dom.append(li, tools);
        }
        renderBody(li, body, edited, retracted);
        if (spoiler != null && !retracted) {
            // XEP-0382: the text stays hidden until the reader asks for it.
            Dom.attr(text, "hidden", "");
            JSObject reveal = button(spoiler.isEmpty() ? tr("Spoiler: show") : tr("Spoiler ({0}): show", spoiler),
                    "p-spoiler");
            Dom.on(reveal, "click", ev -> {
                Dom.attr(text, "hidden", null);
                Dom.remove(reveal);
            });
            Dom.insertBefore(li, reveal, text);
        }
        if (oob != null && !retracted && looksLikeImage(oob)) {
            JSObject img = Dom.el("img", "p-oob-image");
            Dom.attr(img, "alt", tr("Shared picture"));
            Dom.attr(img, "loading", "lazy");
            Dom.attr(img, "referrerpolicy", "no-referrer");
            Dom.attr(img, "src", oob);
            Dom.on(img, "error", ev -> Dom.hidden(img, true)); // not from an allowed origin, or gone
            Dom.append(li, img);
        }
        if (oob != null && !retracted && !oob.equals(body.trim())) {
            // XEP-0066: the link the message points to (http and https only, checked in the worker).
            JSObject link = Dom.el("a", "p-oob");
            Dom.attr(link, "href", oob);
            Dom.attr(link, "rel", "noopener noreferrer nofollow");
            Dom.attr(link, "target", "_blank");
            Dom.text(link, oob);
            Dom.append(li, link);
        }
        // Reactions (XEP-0444): a small choice of emoji; choosing one again takes it back.
        JSObject reactBar = Dom.el("span", "p-react");
        for (String emoji : REACTION_CHOICES) {
            JSObject choice = button(emoji, "p-react-choice");
            Dom.attr(choice, "data-emoji", emoji);
            Dom.attr(choice, "aria-label", tr("React with {0}", emoji));
            Dom.on(choice, "click", ev -> toggleReaction(peer, id, emoji));
            Dom.append(reactBar, choice);
        }
        Dom.append(li, reactBar);
        JSObject shown = Dom.el("span", "p-reactions");
        Dom.attr(shown, "role", "group");
        Dom.attr(shown, "aria-label", tr("Reactions"));
        Dom.append(li, shown);
        return li;
    }

    static final String[] REACTION_CHOICES = {"👍", "❤️", "😂", "😮", "😢", "🙏"};
    /** Per message id: the user's reactions and the peer's. */
    private final Map<String, List<String>> myReactions = new java.util.HashMap<>();
    private final Map<String, List<String>> theirReactions = new java.util.HashMap<>();

    private void toggleReaction(String peer, String id, String emoji) {
        List<String> mine = new ArrayList<>(myReactions.getOrDefault(id, new ArrayList<>()));
        if (!mine.remove(emoji)) {
            mine.add(emoji);
        }
        actions.react(peer, id, mine);
    }

    /** Someone's whole set of reactions to a message (the worker checked the message is in that conversation). */
    void reactions(String peer, String id, boolean mine, List<String> items) {
        (mine ? myReactions : theirReactions).put(id, new ArrayList<>(items));
        Conversation conv = conversations.get(peer);
        JSObject li = conv == null ? null : conv.messages.item(id);
        JSObject shown = li == null ? null : Dom.query(li, ".p-reactions");
        if (shown == null) {
            return;
        }
        Dom.clear(shown);
        List<String> all = new ArrayList<>(myReactions.getOrDefault(id, new ArrayList<>()));
        for (String r : theirReactions.getOrDefault(id, new ArrayList<>())) {
            if (!all.contains(r)) {
                all.add(r);
            }
        }
        for (String r : all) {
            boolean byMe = myReactions.getOrDefault(id, new ArrayList<>()).contains(r);
            int count = (byMe ? 1 : 0) + (theirReactions.getOrDefault(id, new ArrayList<>()).contains(r) ? 1 : 0);
            JSObject chip = Dom.el("span", byMe ? "p-reaction p-mine" : "p-reaction");
            Dom.attr(chip, "data-emoji", r);
            Dom.text(chip, count > 1 ? r + " " + count : r);
            Dom.append(shown, chip);
        }
    }

    /** The body of a message item: styled text and an "edited" mark, or the notice that it was deleted. */
    private static void renderBody(JSObject li, String body, boolean edited, boolean retracted) {
        JSObject text = Dom.query(li, ".p-body");
        Dom.clear(text);
        Dom.attr(li, "data-retracted", retracted ? "true" : null);
        Dom.attr(li, "data-text", retracted ? null : body);
        JSObject meta = Dom.query(li, ".p-meta");
        JSObject mark = Dom.query(meta, ".p-edited");
        if (retracted) {
            Dom.attr(text, "class", "p-body p-retracted");
            Dom.text(text, tr("This message was deleted."));
            JSObject tools = Dom.query(li, ".p-message-actions");
            if (tools != null) {
                Dom.hidden(tools, true);
            }
            return;
        }
        renderStyled(text, im.parley.styling.Styled.parse(body));
        if (edited && mark == null) {
            mark = Dom.el("span", "p-edited");
            Dom.text(mark, tr(" (edited)"));
            Dom.append(meta, mark);
        }
    }

    /**
     * Message styling (XEP-0393) and links, as DOM nodes built from text only: no markup from the network is ever
     * parsed. Links are http(s) only, open in a new tab, and pass no opener or referrer.
     */
    private static void renderStyled(JSObject parent, List<im.parley.styling.Styled.Node> nodes) {
        for (im.parley.styling.Styled.Node n : nodes) {
            JSObject e;
            switch (n.kind) {
                case TEXT: Dom.appendText(parent, n.text); continue;
                case BREAK: Dom.appendText(parent, "\n"); continue; // the body is white-space: pre-wrap
                case DIRECTIVE: e = Dom.el("span", "p-directive"); Dom.text(e, n.text); Dom.append(parent, e); continue;
                case STRONG: e = Dom.el("strong"); break;
                case EMPHASIS: e = Dom.el("em"); break;
                case STRIKE: e = Dom.el("s"); break;
                case QUOTE: e = Dom.el("blockquote"); break;
                case LINK:
                    e = Dom.el("a");
                    Dom.attr(e, "href", n.href);
                    Dom.attr(e, "rel", "noopener noreferrer nofollow");
                    Dom.attr(e, "target", "_blank");
                    break;
                case CODE:
                case PRE:
                    if (n.text != null && n.kind == im.parley.styling.Styled.Kind.CODE) {
                        Dom.appendText(parent, n.text); // the code span's text, inside its <code>
                        continue;
                    }
                    if (n.text != null) {
                        // The block's content between its fence lines; the line breaks stay in the text.
                        Dom.appendText(parent, "\n");
                        e = Dom.el("pre");
                        Dom.text(e, n.text);
                        Dom.append(parent, e);
                        Dom.appendText(parent, "\n");
                        continue;
                    }
                    e = Dom.el(n.kind == im.parley.styling.Styled.Kind.PRE ? "div" : "code",
                            n.kind == im.parley.styling.Styled.Kind.PRE ? "p-pre" : null);
                    break;
                default: continue;
            }
            renderStyled(e, n.children);
            Dom.append(parent, e);
        }
    }

    private String displayName(String peer) {
        return rosterView.name(peer);
    }

    private int totalUnread() {
        int n = 0;
        for (Conversation c : conversations.values()) {
            n += c.unread;
        }
        return n;
    }
}
