package im.parley.xml;

import im.parley.xml.XmlException.Kind;

/**
 * Incremental, namespace-aware pull parser for XMPP's restricted XML (RFC 6120 section 11).
 *
 * <p>Feed input with {@link #feed(String)} or {@link #feed(byte[], int, int)} (UTF-8) in chunks split anywhere, then
 * call {@link #next()} until it returns {@link #NEED_INPUT}. Call {@link #endOfInput()} when no more input will come;
 * {@link #next()} then returns {@link #END_DOCUMENT} or throws if the document is incomplete. Callers should drain
 * events after each feed: the parser only bounds memory for data it has been asked to parse.
 *
 * <p>Text is reported coalesced (entities and character references resolved, CDATA sections included, line ends
 * normalized); whitespace-only text inside the root element is reported too; nothing outside the root element is.
 * After an error the parser stays failed: every further call to {@link #next()} rethrows the same exception.
 */
public final class XmlPullParser {
    public static final int NEED_INPUT = 0, START_ELEMENT = 1, END_ELEMENT = 2, TEXT = 3, END_DOCUMENT = 4;

    static final String XML_NS = "http://www.w3.org/XML/1998/namespace";
    static final String XMLNS_NS = "http://www.w3.org/2000/xmlns/";

    private static final int S_START = 0, S_PROLOG = 1, S_CONTENT = 2, S_EPILOG = 3, S_DONE = 4;
    private static final int MAX_DECL = 1024;
    private static final int MAX_CHAR_REF = 64;

    // ASCII character classes
    private static final byte C_NAME_START = 1, C_NAME = 2, C_WS = 4;
    private static final byte[] ASCII = new byte[128];

    static {
        for (int c = 'a'; c <= 'z'; c++) {
            ASCII[c] = C_NAME_START | C_NAME;
        }
        for (int c = 'A'; c <= 'Z'; c++) {
            ASCII[c] = C_NAME_START | C_NAME;
        }
        ASCII['_'] = C_NAME_START | C_NAME;
        for (int c = '0'; c <= '9'; c++) {
            ASCII[c] = C_NAME;
        }
        ASCII['-'] = C_NAME;
        ASCII['.'] = C_NAME;
        ASCII[' '] = C_WS;
        ASCII['\t'] = C_WS;
        ASCII['\n'] = C_WS;
        ASCII['\r'] = C_WS;
    }

    private final XmlLimits limits;
    /** Frame mode: the whole document is one stanza for the size limit. */
    boolean documentIsUnit;

    // ---- input buffer ----
    private char[] buf = new char[1024];
    private int pos;
    private int end;
    private long base; // absolute char offset of buf[0]
    private boolean eof;
    // The last String chunk fed and the buffer index of its first char (it may since have been shifted out): names,
    // values and text inside it are taken as substrings of it, which in TeaVM's JS build are far cheaper than
    // building a String from chars (and on the JVM, a substring of a Latin-1 String is a plain array copy).
    private String src;
    private int srcOff;

    // ---- UTF-8 decoder ----
    private int u8Cp;
    private int u8Need;
    private int u8Min;
    private String deferredError; // invalid input after the decoded data, reported when reached

    // ---- location ----
    private long countedAbs;
    private int line = 1;
    private long lineStartAbs;
    private boolean lastCr;
    private int evLine = 1, evCol = 1;
    // The location of the current event is computed lazily, from the buffer index evIdx (when evPending): 64-bit
    // arithmetic is slow in TeaVM's JS build (BigInt), and most users never ask for it. countTo() resolves it
    // before counting any further, so the result is the same as computing it when the event is produced.
    private boolean evPending;
    private int evIdx;

    // ---- state ----
    private int state;
    private XmlException failure;
    private int event = NEED_INPUT;
    private boolean pendingEnd;
    private boolean popPending;
    private boolean bomChecked;
    private long unitStartAbs;
    // The highest buffer index checkUnit() accepts, derived from unitStartAbs and base (clamped to [-1,
    // Integer.MAX_VALUE], which gives the same answers for every index): keeps the per-event check in int arithmetic.
    private int unitLimit;

    // ---- text ----
    private final StringBuilder text = new StringBuilder();
    private boolean textStarted;
    private boolean inCdata;
    private String textValue;

    // ---- tag scanning (resumable search for the closing '>') ----
    private int tagScanOff;
    private char tagQuote;

    // ---- element stack ----
    private String[] elQName = new String[16];
    private String[] elPrefix = new String[16];
    private String[] elLocal = new String[16];
    private String[] elNs = new String[16];
    private int[] elNsMark = new int[16];
    private int depth;

    // ---- namespace bindings ----
    private String[] nsPrefix = new String[16];
    private String[] nsUri = new String[16];
    private int nsCount;

    // ---- attributes of the current start tag ----
    private String[] atQName = new String[8];
    private String[] atPrefix = new String[8];
    private String[] atLocal = new String[8];
    private String[] atNs = new String[8];
    private String[] atValue = new String[8];
    private int atCount;
    private final StringBuilder vb = new StringBuilder();

    // scratch results of scanQName / parseRef
    private int qColon;
    // name() hashes of the last QName's prefix (if qColon >= 0) and of its local part (the whole name without a colon)
    private int qPrefixHash, qLocalHash;
    private int refEnd;

    private final String[] nameCache = new String[512];

    public XmlPullParser() {
        this(XmlLimits.DEFAULT);
    }

    public XmlPullParser(XmlLimits limits) {
        if (limits == null) {
            throw new NullPointerException("limits");
        }
        this.limits = limits;
        updateUnitLimit();
    }

    public XmlLimits limits() {
        return limits;
    }

    /** Forgets all state (keeps the limits) to parse a new document, e.g. the next WebSocket frame. */
    public void reset() {
        if (buf.length > 65536) {
            buf = new char[1024];
        }
        pos = end = 0;
        base = 0;
        eof = false;
        src = null;
        srcOff = 0;
        u8Cp = u8Need = u8Min = 0;
        deferredError = null;
        countedAbs = 0;
        line = 1;
        lineStartAbs = 0;
        lastCr = false;
        evLine = evCol = 1;
        evPending = false;
        state = S_START;
        failure = null;
        event = NEED_INPUT;
        pendingEnd = popPending = bomChecked = false;
        unitStartAbs = 0;
        unitLimit = limits.maxStanzaChars(); // what updateUnitLimit() gives here, without 64-bit arithmetic
        text.setLength(0);
        if (text.capacity() > 65536) {
            text.trimToSize();
        }
        vb.setLength(0);
        textStarted = inCdata = false;
        textValue = null;
        tagScanOff = 0;
        tagQuote = 0;
        java.util.Arrays.fill(elQName, 0, depth, null);
        depth = 0;
        nsCount = 0;
        atCount = 0;
    }

    // =====================================================================================================
    // input
    // =====================================================================================================

    /** Appends UTF-16 input; a surrogate pair may be split between two chunks. */
    public void feed(String chunk) throws XmlException {
        checkFeed();
        if (u8Need > 0) {
            // a String chunk cannot complete a byte sequence
            failure = wf("truncated UTF-8 sequence", end);
            throw failure;
        }
        int n = chunk.length();
        if (n == 0) {
            return;
        }
        ensureSpace(n);
        chunk.getChars(0, n, buf, end);
        src = chunk;
        srcOff = end;
        end += n;
    }

    /** Appends UTF-8 input, possibly split inside a multi-byte character. Invalid UTF-8 is not well-formed. */
    public void feed(byte[] utf8, int off, int len) throws XmlException {
        checkFeed();
        if (off < 0 || len < 0 || off + len > utf8.length) {
            throw new IndexOutOfBoundsException();
        }
        if (len == 0) {
            return;
        }
        ensureSpace(len + 2);
        src = null;
        char[] b = buf;
        int o = end;
        int i = off;
        int stop = off + len;
        int cp = u8Cp;
        int need = u8Need;
        while (i < stop) {
            if (need == 0) {
                // fast path for ASCII runs
                int x = utf8[i];
                if (x >= 0) {
                    b[o++] = (char) x;
                    i++;
                    while (i < stop && (x = utf8[i]) >= 0) {
                        b[o++] = (char) x;
                        i++;
                    }
                    continue;
                }
                x &= 0xFF;
                if (x < 0xC2) {
                    deferredError = x < 0xC0 ? "invalid UTF-8: unexpected continuation byte 0x" + hex(x)
                            : "invalid UTF-8: overlong encoding";
                    break;
                } else if (x < 0xE0) {
                    need = 1;
                    cp = x & 0x1F;
                    u8Min = 0x80;
                } else if (x < 0xF0) {
                    need = 2;
                    cp = x & 0x0F;
                    u8Min = 0x800;
                } else if (x < 0xF5) {
                    need = 3;
                    cp = x & 0x07;
                    u8Min = 0x10000;
                } else {
                    deferredError = "invalid UTF-8: illegal byte 0x" + hex(x);
                    break;
                }
                i++;
            } else {
                int x = utf8[i] & 0xFF;
                if ((x & 0xC0) != 0x80) {
                    deferredError = "invalid UTF-8: truncated multi-byte sequence";
                    need = 0;
                    break;
                }
                cp = (cp << 6) | (x & 0x3F);
                i++;
                if (--need == 0) {
                    if (cp < u8Min) {
                        deferredError = "invalid UTF-8: overlong encoding";
                        break;
                    }
                    if (cp >= 0xD800 && cp <= 0xDFFF) {
                        deferredError = "invalid UTF-8: encoded surrogate";
                        break;
                    }
                    if (cp > 0x10FFFF) {
                        deferredError = "invalid UTF-8: code point above U+10FFFF";
                        break;
                    }
                    if (cp < 0x10000) {
                        b[o++] = (char) cp;
                    } else {
                        b[o++] = (char) (0xD800 + ((cp - 0x10000) >> 10));
                        b[o++] = (char) (0xDC00 + (cp & 0x3FF));
                    }
                } else if ((need == 1 && u8Min == 0x800 && (cp < 0x20 || (cp >= 0x360 && cp < 0x380)))
                        || (need == 2 && u8Min == 0x10000 && (cp < 0x10 || cp > 0x10F))) {
                    // early detection of overlong / surrogate / out-of-range sequences
                    deferredError = cp < 0x20 ? "invalid UTF-8: overlong encoding"
                            : cp < 0x380 && u8Min == 0x800 ? "invalid UTF-8: encoded surrogate"
                            : "invalid UTF-8: overlong encoding or code point above U+10FFFF";
                    need = 0;
                    break;
                }
            }
        }
        u8Cp = cp;
        u8Need = deferredError != null ? 0 : need;
        end = o;
    }

    /** Declares that no more input will come. */
    public void endOfInput() {
        eof = true;
        if (u8Need > 0 && deferredError == null) {
            deferredError = "truncated UTF-8 sequence at end of input";
            u8Need = 0;
        }
    }

    private void checkFeed() throws XmlException {
        if (failure != null) {
            throw failure;
        }
        if (eof) {
            throw new IllegalStateException("endOfInput() was called; reset() first");
        }
        if (deferredError != null) {
            // the data after an encoding error is ignored; report the error now
            failure = err(Kind.NOT_WELL_FORMED, deferredError, end);
            throw failure;
        }
    }

    private void ensureSpace(int n) {
        if (pos == end && pos > 0) {
            shiftBase(pos);
            pos = end = 0;
        }
        if (end + n <= buf.length) {
            return;
        }
        int live = end - pos;
        if (pos > 0) {
            shiftBase(pos);
        }
        char[] nb = buf;
        if (live + n > buf.length || (buf.length > 65536 && live + n < buf.length / 4)) {
            int cap = Math.max(1024, live + n);
            if (live + n > buf.length) {
                cap = Math.max(cap, Math.min(Integer.MAX_VALUE - 16, buf.length * 2));
            }
            nb = new char[cap];
        }
        System.arraycopy(buf, pos, nb, 0, live);
        buf = nb;
        pos = 0;
        end = live;
    }

    /** The buffer is about to drop its first n chars: buffer index n becomes 0. */
    private void shiftBase(int n) {
        countTo(n);
        base += n;
        srcOff -= n;
        updateUnitLimit();
    }

    private static String hex(int x) {
        String h = Integer.toHexString(x).toUpperCase();
        return h.length() < 2 ? "0" + h : h;
    }

    // =====================================================================================================
    // location
    // =====================================================================================================

    /** Advances the line counter to buffer index idx (monotonic; earlier positions are ignored). */
    private void countTo(int idx) {
        resolveEvent();
        countLines(idx);
    }

    private void countLines(int idx) {
        long target = base + idx;
        if (target <= countedAbs) {
            return;
        }
        char[] b = buf;
        int i = (int) (countedAbs - base);
        boolean cr = lastCr;
        int ln = line;
        long ls = lineStartAbs;
        for (; i < idx; i++) {
            char c = b[i];
            if (c == '\n') {
                if (!cr) {
                    ln++;
                }
                ls = base + i + 1;
                cr = false;
            } else if (c == '\r') {
                ln++;
                ls = base + i + 1;
                cr = true;
            } else {
                cr = false;
            }
        }
        line = ln;
        lineStartAbs = ls;
        lastCr = cr;
        countedAbs = target;
    }

    private void markEvent(int idx) {
        evIdx = idx;
        evPending = true;
    }

    /** Computes the location of the current event if markEvent() left it pending. */
    private void resolveEvent() {
        if (evPending) {
            evPending = false;
            countLines(evIdx);
            evLine = line;
            evCol = (int) (base + evIdx - lineStartAbs) + 1;
        }
    }

    private XmlException err(Kind kind, String msg, int idx) {
        countTo(idx);
        int col = (int) Math.max(1, base + idx - lineStartAbs + 1);
        return new XmlException(kind, msg, line, col);
    }

    private XmlException wf(String msg, int idx) {
        return err(Kind.NOT_WELL_FORMED, msg, idx);
    }

    private XmlException policy(String msg, int idx) {
        return err(Kind.POLICY_VIOLATION, msg, idx);
    }

    private XmlException restricted(String msg, int idx) {
        return err(Kind.RESTRICTED_XML, msg, idx);
    }

    // =====================================================================================================
    // events
    // =====================================================================================================

    /** Returns the next event, or {@link #NEED_INPUT} when the buffered input is exhausted. */
    public int next() throws XmlException {
        if (failure != null) {
            throw failure;
        }
        try {
            return event = advance();
        } catch (XmlException e) {
            failure = e;
            event = NEED_INPUT;
            throw e;
        }
    }

    private int advance() throws XmlException {
        if (pendingEnd) {
            pendingEnd = false;
            popPending = true;
            atCount = 0;
            return END_ELEMENT;
        }
        if (popPending) {
            popPending = false;
            nsCount = elNsMark[depth - 1];
            elQName[depth - 1] = null;
            depth--;
            if (depth == 0) {
                state = S_EPILOG;
            }
        }
        atCount = 0;
        textValue = null;
        for (;;) {
            switch (state) {
                case S_START:
                    if (!start()) {
                        return incomplete();
                    }
                    break;
                case S_PROLOG:
                case S_EPILOG: {
                    int r = outside();
                    if (r >= 0) {
                        return r;
                    }
                    break;
                }
                case S_CONTENT: {
                    int r = content();
                    if (r >= 0) {
                        return r;
                    }
                    break;
                }
                default:
                    return END_DOCUMENT;
            }
        }
    }

    /** The buffered input ends inside a construct: ask for more, or fail at the end of input. */
    private int incomplete() throws XmlException {
        if (deferredError != null) {
            throw wf(deferredError, end);
        }
        if (eof) {
            throw wf(state == S_CONTENT && inCdata ? "unterminated CDATA section"
                    : state == S_CONTENT || pos < end ? "unexpected end of input" : "no root element", end);
        }
        return NEED_INPUT;
    }

    private void checkUnit(int idx) throws XmlException {
        if (idx > unitLimit) { // i.e. base + idx - unitStartAbs > limits.maxStanzaChars()
            throw policy("stanza exceeds " + limits.maxStanzaChars() + " characters", idx);
        }
    }

    private void startUnit(int idx) {
        if (!documentIsUnit && depth <= 1) {
            unitStartAbs = base + idx;
            updateUnitLimit();
        }
    }

    private void updateUnitLimit() {
        long lim = unitStartAbs - base + limits.maxStanzaChars();
        unitLimit = (int) Math.max(-1, Math.min(Integer.MAX_VALUE, lim));
    }

    /** Document start: BOM and XML declaration. Returns false when more input is needed. */
    private boolean start() throws XmlException {
        if (!bomChecked) {
            if (pos == end) {
                return false;
            }
            if (buf[pos] == '\uFEFF') {
                pos++;
            }
            bomChecked = true;
        }
        final String decl = "<?xml";
        int avail = end - pos;
        int k = 0;
        while (k < 5 && k < avail && buf[pos + k] == decl.charAt(k)) {
            k++;
        }
        if (k < 5 || avail == 5) {
            if (k == avail && !eof) {
                return false; // a prefix of "<?xml": wait
            }
            state = S_PROLOG;
            return true;
        }
        if (!isWs(buf[pos + 5])) {
            state = S_PROLOG; // some other PI such as <?xml-stylesheet: rejected as a PI
            return true;
        }
        // find "?>"
        int i = pos + 5 + tagScanOff;
        int stop = end - 1;
        while (i < stop && !(buf[i] == '?' && buf[i + 1] == '>')) {
            i++;
        }
        if (i >= stop) {
            tagScanOff = i - pos - 5;
            if (end - pos > MAX_DECL) {
                throw policy("XML declaration too long", end);
            }
            return false;
        }
        tagScanOff = 0;
        parseDecl(pos + 5, i);
        pos = i + 2;
        state = S_PROLOG;
        return true;
    }

    /** Validates the pseudo-attributes of the XML declaration between from and stop (index of "?>"). */
    private void parseDecl(int from, int stop) throws XmlException {
        int i = from;
        String[] names = {"version", "encoding", "standalone"};
        int next = 0;
        boolean any = false;
        for (;;) {
            int ws = i;
            while (i < stop && isWs(buf[i])) {
                i++;
            }
            if (i == stop) {
                break;
            }
            if (i == ws) {
                throw wf("malformed XML declaration", i);
            }
            int ns = i;
            while (i < stop && buf[i] >= 'a' && buf[i] <= 'z') {
                i++;
            }
            String name = new String(buf, ns, i - ns);
            int which = -1;
            for (int n = next; n < 3; n++) {
                if (names[n].equals(name)) {
                    which = n;
                    break;
                }
            }
            if (which < 0 || (!any && which != 0)) {
                throw wf(any ? "malformed XML declaration" : "XML declaration without version", ns);
            }
            any = true;
            next = which + 1;
            while (i < stop && isWs(buf[i])) {
                i++;
            }
            if (i >= stop || buf[i] != '=') {
                throw wf("malformed XML declaration", i);
            }
            i++;
            while (i < stop && isWs(buf[i])) {
                i++;
            }
            if (i >= stop || (buf[i] != '"' && buf[i] != '\'')) {
                throw wf("malformed XML declaration", i);
            }
            char q = buf[i++];
            int vs = i;
            while (i < stop && buf[i] != q) {
                i++;
            }
            if (i >= stop) {
                throw wf("malformed XML declaration", i);
            }
            String v = new String(buf, vs, i - vs);
            i++;
            if (which == 0 && !v.equals("1.0")) {
                throw wf("unsupported XML version '" + v + "'", vs);
            } else if (which == 1 && !v.equalsIgnoreCase("UTF-8") && !v.equalsIgnoreCase("UTF8")) {
                throw wf("unsupported encoding '" + v + "' (XMPP requires UTF-8)", vs);
            } else if (which == 2 && !v.equals("yes") && !v.equals("no")) {
                throw wf("malformed XML declaration", vs);
            }
        }
        if (!any) {
            throw wf("XML declaration without version", stop);
        }
    }

    /** Prolog or epilog: whitespace, then the root element (prolog) or the end of input (epilog). */
    private int outside() throws XmlException {
        char[] b = buf;
        int i = pos;
        while (i < end && b[i] < 128 && (ASCII[b[i]] & C_WS) != 0) {
            i++;
        }
        pos = i;
        if (i == end) {
            if (eof && deferredError == null && state == S_EPILOG) {
                state = S_DONE;
                markEvent(i);
                return END_DOCUMENT;
            }
            return incomplete();
        }
        if (b[i] != '<') {
            throw wf(state == S_PROLOG ? "content before the root element" : "content after the root element", i);
        }
        if (i + 1 >= end) {
            return incomplete();
        }
        char c = b[i + 1];
        if (c == '!') {
            if (i + 2 >= end) {
                return incomplete();
            }
            bang(i);
            throw wf("CDATA section outside the root element", i);
        }
        if (c == '?') {
            throw restricted("processing instructions are not allowed", i);
        }
        if (c == '/') {
            throw wf("unexpected end tag", i);
        }
        if (state == S_EPILOG) {
            throw wf("only one root element is allowed", i);
        }
        startUnit(i);
        if (!startTag(i)) {
            return incomplete();
        }
        state = S_CONTENT;
        return START_ELEMENT;
    }

    /** Markup starting with "&lt;!" other than CDATA: always an error. Needs 3 chars at i. */
    private void bang(int i) throws XmlException {
        char c = buf[i + 2];
        if (c == '-') {
            throw restricted("comments are not allowed", i);
        }
        if (c == '[') {
            return; // CDATA, handled by the caller
        }
        if (c < 128 && (ASCII[c] & C_NAME_START) != 0) {
            throw restricted("DTD and markup declarations (DOCTYPE, ENTITY, ...) are not allowed", i);
        }
        throw wf("malformed markup after '<!'", i);
    }

    /** Inside the root element. Returns an event, or -1 to continue the main loop. */
    private int content() throws XmlException {
        if (!textStarted) {
            textStarted = true;
            startUnit(pos);
            markEvent(pos);
        }
        for (;;) {
            if (inCdata && !cdata()) {
                return incomplete();
            }
            final char[] b = buf;
            final int e = end;
            int i = pos;
            int run = i;
            for (;;) {
                // fast scan of ordinary characters
                while (i < e) {
                    char c = b[i];
                    if (c >= 0x5E) {
                        if (c < 0xD800 || (c >= 0xE000 && c < 0xFFFE)) {
                            i++;
                            continue;
                        }
                    } else if (c >= 0x20) {
                        if (c != '<' && c != '&' && c != ']') {
                            i++;
                            continue;
                        }
                    } else if (c == '\n' || c == '\t') {
                        i++;
                        continue;
                    }
                    break;
                }
                if (i == e) {
                    appendRun(run, i);
                    pos = i;
                    checkUnit(i);
                    return incomplete();
                }
                char c = b[i];
                if (c == '<') {
                    if (i + 1 >= e) {
                        appendRun(run, i);
                        pos = i;
                        return incomplete();
                    }
                    if (b[i + 1] == '!') {
                        if (i + 2 >= e) {
                            appendRun(run, i);
                            pos = i;
                            return incomplete();
                        }
                        if (b[i + 2] == '[') {
                            final String cd = "<![CDATA[";
                            int k = 3;
                            while (k < 9 && i + k < e && b[i + k] == cd.charAt(k)) {
                                k++;
                            }
                            if (k < 9) {
                                if (i + k < e) {
                                    throw wf("malformed CDATA section start", i);
                                }
                                appendRun(run, i);
                                pos = i;
                                return incomplete();
                            }
                            appendRun(run, i);
                            pos = i + 9;
                            inCdata = true;
                            break; // to the outer loop: scan the CDATA section
                        }
                    }
                    // end of text
                    if (text.length() == 0) {
                        if (run == i) {
                            textStarted = false;
                            pos = i;
                            return markup(i);
                        }
                        checkText(i - run, i);
                        textValue = str(run, i);
                    } else {
                        appendRun(run, i);
                        textValue = text.toString();
                        text.setLength(0);
                    }
                    pos = i;
                    checkUnit(i);
                    textStarted = false;
                    return TEXT;
                } else if (c == '&') {
                    appendRun(run, i);
                    int cp = parseRef(i, true);
                    if (cp < 0) {
                        pos = i;
                        return incomplete();
                    }
                    checkText(cp > 0xFFFF ? 2 : 1, i);
                    text.appendCodePoint(cp);
                    i = refEnd;
                    run = i;
                } else if (c == ']') {
                    if (i + 1 < e && b[i + 1] != ']') {
                        i++;
                    } else if (i + 2 < e) {
                        if (b[i + 2] == '>') {
                            throw wf("']]>' is not allowed in text", i);
                        }
                        i++;
                    } else if (eof) {
                        i++;
                    } else {
                        appendRun(run, i);
                        pos = i;
                        return incomplete();
                    }
                } else if (c == '\r') {
                    if (i + 1 >= e && !eof) {
                        appendRun(run, i);
                        pos = i;
                        return incomplete();
                    }
                    appendRun(run, i);
                    checkText(1, i);
                    text.append('\n');
                    i += (i + 1 < e && b[i + 1] == '\n') ? 2 : 1;
                    run = i;
                } else if (c >= 0xD800 && c <= 0xDBFF) {
                    if (i + 1 < e) {
                        char d = b[i + 1];
                        if (d < 0xDC00 || d > 0xDFFF) {
                            throw wf("unpaired surrogate U+" + hex4(c), i);
                        }
                        i += 2;
                    } else if (eof) {
                        throw wf("unpaired surrogate U+" + hex4(c), i);
                    } else {
                        appendRun(run, i);
                        pos = i;
                        return incomplete();
                    }
                } else {
                    throw wf(illegalChar(c), i);
                }
            }
        }
    }

    /** Scans a CDATA section body from pos. Returns false when more input is needed. */
    private boolean cdata() throws XmlException {
        final char[] b = buf;
        final int e = end;
        int i = pos;
        int run = i;
        for (;;) {
            while (i < e) {
                char c = b[i];
                if (c >= 0x20 ? (c != ']' && c != '\r' && (c < 0xD800 || (c >= 0xE000 && c < 0xFFFE)))
                        : (c == '\n' || c == '\t')) {
                    i++;
                    continue;
                }
                break;
            }
            if (i == e) {
                appendRun(run, i);
                pos = i;
                checkUnit(i);
                return false;
            }
            char c = b[i];
            if (c == ']') {
                if (i + 1 < e && b[i + 1] != ']') {
                    i++;
                } else if (i + 2 < e) {
                    if (b[i + 2] == '>') {
                        appendRun(run, i);
                        pos = i + 3;
                        inCdata = false;
                        checkUnit(pos);
                        return true;
                    }
                    i++;
                } else {
                    appendRun(run, i);
                    pos = i;
                    return false;
                }
            } else if (c == '\r') {
                if (i + 1 >= e && !eof) {
                    appendRun(run, i);
                    pos = i;
                    return false;
                }
                appendRun(run, i);
                checkText(1, i);
                text.append('\n');
                i += (i + 1 < e && b[i + 1] == '\n') ? 2 : 1;
                run = i;
            } else if (c >= 0xD800 && c <= 0xDBFF) {
                if (i + 1 < e) {
                    char d = b[i + 1];
                    if (d < 0xDC00 || d > 0xDFFF) {
                        throw wf("unpaired surrogate U+" + hex4(c), i);
                    }
                    i += 2;
                } else if (eof) {
                    throw wf("unpaired surrogate U+" + hex4(c), i);
                } else {
                    appendRun(run, i);
                    pos = i;
                    return false;
                }
            } else {
                throw wf(illegalChar(c), i);
            }
        }
    }

    private void appendRun(int from, int to) throws XmlException {
        if (to > from) {
            checkText(to - from, from);
            text.append(buf, from, to - from);
        }
    }

    private void checkText(int add, int idx) throws XmlException {
        if (text.length() + add > limits.maxTextLength()) {
            throw policy("text node exceeds " + limits.maxTextLength() + " characters", idx);
        }
    }

    private static String hex4(int c) {
        String h = Integer.toHexString(c).toUpperCase();
        while (h.length() < 4) {
            h = "0" + h;
        }
        return h;
    }

    private static String illegalChar(int c) {
        if (c >= 0xD800 && c <= 0xDFFF) {
            return "unpaired surrogate U+" + hex4(c);
        }
        return "illegal XML character U+" + hex4(c);
    }

    /** Markup at i (buf[i] == '<', at least 2 chars available, and 3 if the second is '!'). */
    private int markup(int i) throws XmlException {
        char c = buf[i + 1];
        if (c == '/') {
            if (!endTag(i)) {
                return incomplete();
            }
            popPending = true;
            return END_ELEMENT;
        }
        if (c == '!') {
            bang(i);
            throw wf("malformed markup after '<!'", i);
        }
        if (c == '?') {
            throw restricted("processing instructions are not allowed", i);
        }
        if (!startTag(i)) {
            return incomplete();
        }
        return START_ELEMENT;
    }

    /** Finds the '>' closing the tag at pos (resumable). Returns its index, or -1 if not yet buffered. */
    private int findTagEnd(boolean quotes) throws XmlException {
        final char[] b = buf;
        final int e = end;
        int i = pos + 1 + tagScanOff;
        char q = tagQuote;
        while (i < e) {
            char c = b[i];
            if (q != 0) {
                if (c == q) {
                    q = 0;
                }
            } else if (c == '>' || c == '<') {
                tagScanOff = 0;
                tagQuote = 0;
                return i;
            } else if (quotes && (c == '"' || c == '\'')) {
                q = c;
            }
            i++;
        }
        tagScanOff = i - pos - 1;
        tagQuote = q;
        checkUnit(i);
        return -1;
    }

    // ---- names ----

    private static boolean isWs(char c) {
        return c < 128 && (ASCII[c] & C_WS) != 0;
    }

    static boolean isNameStartCp(int c) {
        if (c < 128) {
            return (ASCII[c] & C_NAME_START) != 0;
        }
        return (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF)
                || (c >= 0x370 && c <= 0x37D) || (c >= 0x37F && c <= 0x1FFF) || c == 0x200C || c == 0x200D
                || (c >= 0x2070 && c <= 0x218F) || (c >= 0x2C00 && c <= 0x2FEF) || (c >= 0x3001 && c <= 0xD7FF)
                || (c >= 0xF900 && c <= 0xFDCF) || (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
    }

    static boolean isNameCp(int c) {
        if (c < 128) {
            return (ASCII[c] & C_NAME) != 0;
        }
        return isNameStartCp(c) || c == 0xB7 || (c >= 0x300 && c <= 0x36F) || c == 0x203F || c == 0x2040;
    }

    /** Checks that s is an XML NCName (no colon). */
    static boolean isNCName(String s) {
        int n = s.length();
        if (n == 0) {
            return false;
        }
        for (int i = 0; i < n;) {
            int cp = s.codePointAt(i);
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                return false;
            }
            if (i == 0 ? !isNameStartCp(cp) : !isNameCp(cp)) {
                return false;
            }
            i += cp > 0xFFFF ? 2 : 1;
        }
        return true;
    }

    /**
     * Scans a QName starting at i, up to (excluding) stop. Returns the end index; qColon is the colon index or -1.
     * The name must be terminated before stop (by a non-name character). Also computes the hashes that name() needs
     * for the prefix and the local part (saving it a second pass over them).
     */
    private int scanQName(int i, int stop, String what) throws XmlException {
        final char[] b = buf;
        int start = i;
        qColon = -1;
        int h = 0; // of the current NCName part
        boolean first = true; // at the start of an NCName part
        while (i < stop) {
            char c = b[i];
            if (c < 128) {
                byte cl = ASCII[c];
                if ((cl & C_NAME_START) != 0 || (!first && (cl & C_NAME) != 0)) {
                    first = false;
                    h = 31 * h + c;
                    i++;
                    continue;
                }
                if (c == ':') {
                    if (i == start) {
                        throw wf(what + " must not start with ':'", i);
                    }
                    if (qColon >= 0 || first) {
                        throw wf("malformed qualified name (more than one ':')", i);
                    }
                    qColon = i;
                    qPrefixHash = h;
                    h = 0;
                    first = true;
                    i++;
                    continue;
                }
                break;
            }
            int cp = c;
            int w = 1;
            if (c >= 0xD800 && c <= 0xDBFF && i + 1 < stop && b[i + 1] >= 0xDC00 && b[i + 1] <= 0xDFFF) {
                cp = Character.toCodePoint(c, b[i + 1]);
                w = 2;
            } else if (c >= 0xD800 && c <= 0xDFFF) {
                throw wf(illegalChar(c), i);
            }
            if (first ? isNameStartCp(cp) : isNameCp(cp)) {
                first = false;
                h = 31 * h + c;
                if (w == 2) {
                    h = 31 * h + b[i + 1];
                }
                i += w;
                continue;
            }
            break;
        }
        qLocalHash = h;
        if (i == start) {
            throw wf(i < stop && buf[i] < 128 && (ASCII[buf[i]] & C_NAME) != 0
                    ? "invalid name start character '" + buf[i] + "'"
                    : "expected " + what, i);
        }
        if (first) {
            throw wf(qColon == i - 1 ? what + " must not end with ':'" : "invalid character in " + what, i);
        }
        if (i - start > limits.maxNameLength()) {
            throw policy(what + " longer than " + limits.maxNameLength() + " characters", start);
        }
        return i;
    }

    /** buf[s, e) as a String: a substring of the String chunk that was fed, if it holds that range, else a copy. */
    private String str(int s, int e) {
        int o = s - srcOff;
        if (src != null && o >= 0 && e - srcOff <= src.length()) {
            return src.substring(o, e - srcOff);
        }
        return new String(buf, s, e - s);
    }

    /** A String for buf[s, e), shared through a small cache. */
    private String name(int s, int e) {
        final char[] b = buf;
        int h = 0;
        for (int i = s; i < e; i++) {
            h = 31 * h + b[i];
        }
        return name(s, e, h);
    }

    /** name(s, e) when the hash h of buf[s, e) (as computed there) is known. */
    private String name(int s, int e, int h) {
        final char[] b = buf;
        int slot = (h ^ (h >>> 11)) & (nameCache.length - 1);
        String c = nameCache[slot];
        int n = e - s;
        if (c != null && c.length() == n) {
            int k = 0;
            while (k < n && c.charAt(k) == b[s + k]) {
                k++;
            }
            if (k == n) {
                return c;
            }
        }
        c = str(s, e);
        nameCache[slot] = c;
        return c;
    }

    // ---- references ----

    /**
     * Parses the reference at i (buf[i] == '&amp;'). Returns the code point (refEnd set to the index after ';'),
     * or -1 if the reference is not completely buffered (only when mayWait).
     */
    private int parseRef(int i, boolean mayWait) throws XmlException {
        final char[] b = buf;
        final int e = end;
        int j = i + 1;
        if (j >= e) {
            return waitRef(i, mayWait);
        }
        char c = b[j];
        if (c == '#') {
            j++;
            if (j >= e) {
                return waitRef(i, mayWait);
            }
            int radix = 10;
            if (b[j] == 'x') {
                radix = 16;
                j++;
            }
            int val = 0;
            int digits = 0;
            for (;;) {
                if (j >= e) {
                    if (j - i > MAX_CHAR_REF) {
                        throw wf("character reference too long", i);
                    }
                    return waitRef(i, mayWait);
                }
                c = b[j];
                if (c == ';') {
                    break;
                }
                int d = c >= '0' && c <= '9' ? c - '0'
                        : radix == 16 && c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : radix == 16 && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (d < 0) {
                    throw wf("malformed character reference", i);
                }
                val = Math.min(val * radix + d, 0x110000);
                digits++;
                j++;
                if (j - i > MAX_CHAR_REF) {
                    throw wf("character reference too long", i);
                }
            }
            if (digits == 0) {
                throw wf("malformed character reference", i);
            }
            if (!isXmlChar(val)) {
                throw wf("character reference to an illegal XML character", i);
            }
            refEnd = j + 1;
            return val;
        }
        // entity reference: Name ';'
        int s = j;
        for (;;) {
            if (j >= e) {
                if (j - s > limits.maxNameLength()) {
                    throw policy("entity name longer than " + limits.maxNameLength() + " characters", i);
                }
                return waitRef(i, mayWait);
            }
            c = b[j];
            if (c == ';') {
                break;
            }
            int cp = c;
            int w = 1;
            if (c >= 0xD800 && c <= 0xDBFF) {
                if (j + 1 >= e) {
                    return waitRef(i, mayWait);
                }
                if (b[j + 1] >= 0xDC00 && b[j + 1] <= 0xDFFF) {
                    cp = Character.toCodePoint(c, b[j + 1]);
                    w = 2;
                }
            }
            if (j == s ? !isNameStartCp(cp) : !(isNameCp(cp) || cp == ':')) {
                throw wf("malformed entity reference ('&' must be escaped as &amp;amp;)", i);
            }
            j += w;
            if (j - s > limits.maxNameLength()) {
                throw policy("entity name longer than " + limits.maxNameLength() + " characters", i);
            }
        }
        int n = j - s;
        int cp = -1;
        if (n == 2 && b[s + 1] == 't') {
            cp = b[s] == 'l' ? '<' : b[s] == 'g' ? '>' : -1;
        } else if (n == 3 && b[s] == 'a' && b[s + 1] == 'm' && b[s + 2] == 'p') {
            cp = '&';
        } else if (n == 4) {
            if (b[s] == 'q' && b[s + 1] == 'u' && b[s + 2] == 'o' && b[s + 3] == 't') {
                cp = '"';
            } else if (b[s] == 'a' && b[s + 1] == 'p' && b[s + 2] == 'o' && b[s + 3] == 's') {
                cp = '\'';
            }
        }
        if (n == 0) {
            throw wf("malformed entity reference ('&' must be escaped as &amp;amp;)", i);
        }
        if (cp < 0) {
            throw restricted("entity reference '&" + new String(b, s, n) + ";' is not allowed (only amp, lt, gt, "
                    + "quot, apos)", i);
        }
        refEnd = j + 1;
        return cp;
    }

    private int waitRef(int i, boolean mayWait) throws XmlException {
        if (mayWait && !eof) {
            return -1;
        }
        throw wf("unterminated reference", i);
    }

    static boolean isXmlChar(int c) {
        return c >= 0x20 ? (c <= 0xD7FF || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF))
                : (c == 0x9 || c == 0xA || c == 0xD);
    }

    // ---- tags ----

    /** Parses the start tag at i == pos. Returns false if it is not completely buffered. */
    private boolean startTag(int i) throws XmlException {
        int gt = findTagEnd(true);
        if (gt < 0) {
            return false;
        }
        markEvent(i);
        checkUnit(gt + 1);
        if (depth >= limits.maxDepth()) {
            throw policy("element nesting deeper than " + limits.maxDepth(), i);
        }
        final char[] b = buf;
        int p = scanQName(i + 1, gt, "element name");
        String qname;
        String prefix;
        String local;
        if (qColon >= 0) {
            qname = name(i + 1, p);
            prefix = name(i + 1, qColon, qPrefixHash);
            local = name(qColon + 1, p, qLocalHash);
        } else {
            qname = name(i + 1, p, qLocalHash);
            prefix = "";
            local = qname;
        }
        int nsMark = nsCount;
        atCount = 0;
        boolean empty = false;
        for (;;) {
            if (p >= gt) {
                if (b[gt] != '>') {
                    throw wf("'<' is not allowed inside a tag", gt);
                }
                break;
            }
            char c = b[p];
            if (c == '/') {
                if (p + 1 == gt && b[gt] == '>') {
                    empty = true;
                    break;
                }
                throw wf("expected '>' after '/'", p + 1);
            }
            if (!isWs(c)) {
                throw wf("expected whitespace, '>' or '/>' in start tag, found '" + c + "'", p);
            }
            while (p < gt && isWs(b[p])) {
                p++;
            }
            if (p >= gt) {
                continue;
            }
            c = b[p];
            if (c == '/') {
                continue;
            }
            // attribute
            int as = p;
            p = scanQName(p, gt, "attribute name");
            int ae = p;
            int acolon = qColon;
            int aPrefixHash = qPrefixHash;
            int aLocalHash = qLocalHash;
            while (p < gt && isWs(b[p])) {
                p++;
            }
            if (p >= gt || b[p] != '=') {
                throw wf("expected '=' after attribute name", p);
            }
            p++;
            while (p < gt && isWs(b[p])) {
                p++;
            }
            if (p >= gt || (b[p] != '"' && b[p] != '\'')) {
                throw wf("attribute value must be quoted", p);
            }
            p = attrValue(p, gt);
            String value = vbValue;
            boolean isXmlns = (acolon < 0 && ae - as == 5 && regionIs(as, "xmlns"))
                    || (acolon - as == 5 && regionIs(as, "xmlns"));
            if (isXmlns) {
                String pfx = acolon < 0 ? "" : name(acolon + 1, ae, aLocalHash);
                declare(pfx, value, nsMark, as);
            } else {
                if (atCount >= limits.maxAttributes()) {
                    throw policy("more than " + limits.maxAttributes() + " attributes", as);
                }
                String aq = acolon < 0 ? name(as, ae, aLocalHash) : name(as, ae);
                for (int k = 0; k < atCount; k++) {
                    if (atQName[k].equals(aq)) {
                        throw wf("duplicate attribute '" + aq + "'", as);
                    }
                }
                if (atCount == atQName.length) {
                    growAttrs();
                }
                atQName[atCount] = aq;
                if (acolon >= 0) {
                    atPrefix[atCount] = name(as, acolon, aPrefixHash);
                    atLocal[atCount] = name(acolon + 1, ae, aLocalHash);
                } else {
                    atPrefix[atCount] = "";
                    atLocal[atCount] = aq;
                }
                atValue[atCount] = value;
                atCount++;
            }
        }
        // resolve namespaces
        if (prefix.equals("xmlns")) {
            throw wf("the 'xmlns' prefix must not be used for elements", i + 1);
        }
        String ns = lookup(prefix);
        if (ns == null) {
            throw wf("unbound namespace prefix '" + prefix + "'", i + 1);
        }
        for (int k = 0; k < atCount; k++) {
            String ap = atPrefix[k];
            if (ap.isEmpty()) {
                atNs[k] = "";
                continue;
            }
            String an = lookup(ap);
            if (an == null) {
                throw wf("unbound namespace prefix '" + ap + "' on attribute '" + atQName[k] + "'", i + 1);
            }
            atNs[k] = an;
            for (int m = 0; m < k; m++) {
                if (atNs[m] == an || atNs[m].equals(an)) {
                    if (atLocal[m].equals(atLocal[k])) {
                        throw wf("duplicate attribute '" + atQName[k] + "' (same expanded name as '" + atQName[m]
                                + "')", i + 1);
                    }
                }
            }
        }
        if (depth == elQName.length) {
            growElements();
        }
        elQName[depth] = qname;
        elPrefix[depth] = prefix;
        elLocal[depth] = local;
        elNs[depth] = ns;
        elNsMark[depth] = nsMark;
        depth++;
        pos = gt + 1;
        pendingEnd = empty;
        return true;
    }

    /** Whether buf[s, s + lit.length()) holds lit (the caller checks that this range is buffered). */
    private boolean regionIs(int s, String lit) {
        for (int k = 0; k < lit.length(); k++) {
            if (buf[s + k] != lit.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private void declare(String prefix, String uri, int nsMark, int idx) throws XmlException {
        for (int k = nsMark; k < nsCount; k++) {
            if (nsPrefix[k].equals(prefix)) {
                throw wf("duplicate attribute '" + (prefix.isEmpty() ? "xmlns" : "xmlns:" + prefix) + "'", idx);
            }
        }
        if (prefix.equals("xmlns")) {
            throw wf("the 'xmlns' prefix must not be declared", idx);
        }
        if (prefix.equals("xml")) {
            if (!uri.equals(XML_NS)) {
                throw wf("the 'xml' prefix can only be bound to " + XML_NS, idx);
            }
        } else if (uri.equals(XML_NS)) {
            throw wf("the namespace " + XML_NS + " can only be bound to the 'xml' prefix", idx);
        }
        if (uri.equals(XMLNS_NS)) {
            throw wf("the namespace " + XMLNS_NS + " must not be declared", idx);
        }
        if (uri.isEmpty() && !prefix.isEmpty()) {
            throw wf("prefix '" + prefix + "' must not be bound to the empty namespace name (XML 1.0)", idx);
        }
        if (nsCount - nsMark >= limits.maxNamespaceDeclarations()) {
            throw policy("more than " + limits.maxNamespaceDeclarations() + " namespace declarations", idx);
        }
        if (nsCount == nsPrefix.length) {
            nsPrefix = java.util.Arrays.copyOf(nsPrefix, nsCount * 2);
            nsUri = java.util.Arrays.copyOf(nsUri, nsCount * 2);
        }
        nsPrefix[nsCount] = prefix;
        nsUri[nsCount] = uri;
        nsCount++;
    }

    private String lookup(String prefix) {
        if (prefix.equals("xml")) {
            return XML_NS;
        }
        for (int k = nsCount - 1; k >= 0; k--) {
            String p = nsPrefix[k];
            if (p == prefix || p.equals(prefix)) {
                return nsUri[k];
            }
        }
        return prefix.isEmpty() ? "" : null;
    }

    private String vbValue;

    /** Parses the quoted value at p (buf[p] is the quote); sets vbValue, returns the index after the quote. */
    private int attrValue(int p, int gt) throws XmlException {
        final char[] b = buf;
        final char q = b[p];
        final int max = limits.maxAttributeValueLength();
        int i = p + 1;
        int run = i;
        boolean plain = true;
        vb.setLength(0);
        for (;;) {
            while (i < gt) {
                char c = b[i];
                if (c >= 0x3D ? (c < 0xD800 || (c >= 0xE000 && c < 0xFFFE))
                        : (c >= 0x20 && c != '<' && c != '&' && c != q)) {
                    i++;
                    continue;
                }
                break;
            }
            if (i >= gt) {
                // the quote scan guarantees the quote before '>', unless the tag was cut short by '<'
                throw wf(b[gt] == '<' ? "'<' is not allowed in attribute values" : "unterminated attribute value",
                        gt);
            }
            char c = b[i];
            if (c == q) {
                int len = i - run;
                if (plain) {
                    if (len > max) {
                        throw policy("attribute value longer than " + max + " characters", p);
                    }
                    vbValue = len == 0 ? "" : str(run, i);
                } else {
                    if (vb.length() + len > max) {
                        throw policy("attribute value longer than " + max + " characters", p);
                    }
                    vb.append(b, run, len);
                    vbValue = vb.toString();
                }
                return i + 1;
            }
            if (vb.length() + (i - run) > max) {
                throw policy("attribute value longer than " + max + " characters", p);
            }
            vb.append(b, run, i - run);
            plain = false;
            if (c == '&') {
                int cp = parseRef(i, false);
                vb.appendCodePoint(cp);
                i = refEnd;
                if (refEnd > gt) {
                    throw wf("unterminated attribute value", gt);
                }
            } else if (c == '<') {
                throw wf("'<' is not allowed in attribute values", i);
            } else if (c == '\r') {
                vb.append(' ');
                i += (i + 1 < gt && b[i + 1] == '\n') ? 2 : 1;
            } else if (c == '\n' || c == '\t') {
                vb.append(' ');
                i++;
            } else if (c == '"' || c == '\'') {
                vb.append(c); // the other quote
                i++;
            } else if (c >= 0xD800 && c <= 0xDBFF && i + 1 < gt && b[i + 1] >= 0xDC00 && b[i + 1] <= 0xDFFF) {
                vb.append(c).append(b[i + 1]);
                i += 2;
            } else {
                throw wf(illegalChar(c), i);
            }
            run = i;
        }
    }

    /** Parses the end tag at i == pos. Returns false if it is not completely buffered. */
    private boolean endTag(int i) throws XmlException {
        String expected = elQName[depth - 1];
        int n = expected.length();
        int close = i + 2 + n;
        if (close < end && buf[close] == '>' && regionIs(i + 2, expected)) {
            // Fast path for the usual "</name>": findTagEnd() would stop at that '>' (a name holds no '<' or '>'), and
            // scanQName() would accept the name (it was valid in the start tag), so only these checks remain.
            tagScanOff = 0;
            tagQuote = 0;
            markEvent(i);
            checkUnit(close + 1);
            pos = close + 1;
            return true;
        }
        int gt = findTagEnd(false);
        if (gt < 0) {
            return false;
        }
        markEvent(i);
        checkUnit(gt + 1);
        int p = scanQName(i + 2, gt, "element name");
        n = p - i - 2;
        boolean match = n == expected.length();
        for (int k = 0; match && k < n; k++) {
            match = buf[i + 2 + k] == expected.charAt(k);
        }
        if (!match) {
            throw wf("mismatched end tag: expected '</" + expected + ">', found '</" + new String(buf, i + 2, n)
                    + ">'", i);
        }
        while (p < gt && isWs(buf[p])) {
            p++;
        }
        if (p != gt || buf[gt] != '>') {
            throw wf("malformed end tag '</" + expected + "'", p);
        }
        pos = gt + 1;
        return true;
    }

    private void growAttrs() {
        int n = atQName.length * 2;
        atQName = java.util.Arrays.copyOf(atQName, n);
        atPrefix = java.util.Arrays.copyOf(atPrefix, n);
        atLocal = java.util.Arrays.copyOf(atLocal, n);
        atNs = java.util.Arrays.copyOf(atNs, n);
        atValue = java.util.Arrays.copyOf(atValue, n);
    }

    private void growElements() {
        int n = elQName.length * 2;
        elQName = java.util.Arrays.copyOf(elQName, n);
        elPrefix = java.util.Arrays.copyOf(elPrefix, n);
        elLocal = java.util.Arrays.copyOf(elLocal, n);
        elNs = java.util.Arrays.copyOf(elNs, n);
        elNsMark = java.util.Arrays.copyOf(elNsMark, n);
    }

    // =====================================================================================================
    // accessors
    // =====================================================================================================

    /** The current event (the last value returned by {@link #next()}). */
    public int getEventType() {
        return event;
    }

    private boolean onElement() {
        return (event == START_ELEMENT || event == END_ELEMENT) && depth > 0;
    }

    /** Namespace URI of the current start/end element ("" if none). */
    public String getNamespaceURI() {
        return onElement() ? elNs[depth - 1] : null;
    }

    public String getLocalName() {
        return onElement() ? elLocal[depth - 1] : null;
    }

    /** Prefix of the current start/end element ("" if none). */
    public String getPrefix() {
        return onElement() ? elPrefix[depth - 1] : null;
    }

    /** Attributes of the current start element, namespace declarations excluded. */
    public int getAttributeCount() {
        return event == START_ELEMENT ? atCount : 0;
    }

    public String getAttributeNamespace(int i) {
        checkAttr(i);
        return atNs[i];
    }

    public String getAttributeLocalName(int i) {
        checkAttr(i);
        return atLocal[i];
    }

    public String getAttributePrefix(int i) {
        checkAttr(i);
        return atPrefix[i];
    }

    public String getAttributeValue(int i) {
        checkAttr(i);
        return atValue[i];
    }

    /** The i-th attribute of the current start element as an {@link XmlAttribute} (i must be in range). */
    XmlAttribute attribute(int i) {
        return new XmlAttribute(atNs[i], atLocal[i], atValue[i], atPrefix[i]);
    }

    private void checkAttr(int i) {
        if (i < 0 || i >= getAttributeCount()) {
            throw new IndexOutOfBoundsException("attribute " + i);
        }
    }

    /** Value of the attribute with that namespace ("" or null for none) and local name, or null. */
    public String getAttributeValue(String namespace, String localName) {
        String ns = namespace == null ? "" : namespace;
        int n = getAttributeCount();
        for (int k = 0; k < n; k++) {
            if (atLocal[k].equals(localName) && atNs[k].equals(ns)) {
                return atValue[k];
            }
        }
        return null;
    }

    /** Number of namespace declarations on the current start (or end) element. */
    public int getNamespaceCount() {
        if (!onElement()) {
            return 0;
        }
        return nsCount - elNsMark[depth - 1];
    }

    /** Prefix of the i-th namespace declaration on the current element, "" for the default namespace. */
    public String getNamespacePrefix(int i) {
        checkNs(i);
        return nsPrefix[elNsMark[depth - 1] + i];
    }

    /** URI of the i-th namespace declaration on the current element. */
    public String getNamespaceURI(int i) {
        checkNs(i);
        return nsUri[elNsMark[depth - 1] + i];
    }

    private void checkNs(int i) {
        if (i < 0 || i >= getNamespaceCount()) {
            throw new IndexOutOfBoundsException("namespace " + i);
        }
    }

    /** The coalesced text of a TEXT event. */
    public String getText() {
        return event == TEXT ? textValue : null;
    }

    /** Depth of the current element (1 = root); for TEXT the depth of the enclosing element. */
    public int getDepth() {
        return depth;
    }

    /** 1-based line where the current event starts. */
    public int getLine() {
        resolveEvent();
        return evLine;
    }

    /** 1-based column (UTF-16 units) where the current event starts. */
    public int getColumn() {
        resolveEvent();
        return evCol;
    }
}
