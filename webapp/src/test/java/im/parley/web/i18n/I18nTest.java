package im.parley.web.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The German catalog covers every string the UI translates, with the same parameters, and nothing else. */
class I18nTest {
    private static final Pattern TR = Pattern.compile("(?<![A-Za-z_.])tr\\(\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern PLURAL = Pattern.compile("plural\\(\"((?:[^\"\\\\]|\\\\.)*)\", \"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern PARAM = Pattern.compile("\\{\\d+}");
    /** The worker's texts for the user: notices, errors and cache notices (English keys, {n} for arguments). */
    private static final Pattern WORKER = Pattern.compile("(?<![A-Za-z_])(?:noticeMsg|errorMsg|error|cacheNotice|notice"
            + "|notices\\.notice|cache\\.notice)\\((?:\"[a-z-]+\", )?\"((?:[^\"\\\\]|\\\\.)*)\"\\s*[,)]");
    /** The worker's sources that speak to the user. */
    private static final String[] WORKER_SOURCES = {
        "../client/src/main/java/im/parley/bridge/WorkerController.java",
        "../client/src/main/java/im/parley/store/AccountCache.java",
    };

    @AfterEach
    void english() {
        I18n.use("en");
    }

    /** Every literal passed to tr() or plural() in the UI's sources. */
    private static Set<String> keys() throws IOException {
        Set<String> keys = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/im/parley/web"))) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String src = Files.readString(f);
                Matcher m = TR.matcher(src);
                while (m.find()) {
                    keys.add(unescape(m.group(1)));
                }
                m = PLURAL.matcher(src);
                while (m.find()) {
                    keys.add(unescape(m.group(1)));
                    keys.add(unescape(m.group(2)));
                }
            }
        }
        for (String file : WORKER_SOURCES) {
            Matcher m = WORKER.matcher(Files.readString(Path.of(file)));
            while (m.find()) {
                keys.add(unescape(m.group(1)));
            }
        }
        return keys;
    }

    private static String unescape(String s) {
        return s.replace("\\\"", "\"").replace("\\\\", "\\");
    }

    @Test
    void germanIsCompleteWithTheSameParameters() throws IOException {
        Set<String> keys = keys();
        assertTrue(keys.size() > 100, "the scan found the UI's strings: " + keys.size());
        assertTrue(keys.contains("Removed {0} from your contacts."), "the scan found the worker's texts");
        List<String> missing = new ArrayList<>();
        List<String> badParams = new ArrayList<>();
        for (String key : keys) {
            String de = De.CATALOG.get(key);
            if (de == null || de.isBlank()) {
                missing.add(key);
            } else if (!params(key).equals(params(de))) {
                badParams.add(key + " -> " + de);
            }
        }
        assertEquals(List.of(), missing, "strings without a German translation");
        assertEquals(List.of(), badParams, "translations whose {n} parameters differ");
        Set<String> unused = new TreeSet<>(De.CATALOG.keySet());
        unused.removeAll(keys);
        assertEquals(Set.of(), unused, "German entries no code uses");
        assertEquals(De.pairs().length / 2, De.CATALOG.size(), "no key is translated twice");
    }

    private static Set<String> params(String s) {
        Set<String> out = new TreeSet<>();
        Matcher m = PARAM.matcher(s);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    @Test
    void theSettingWinsThenTheBrowsersPreferenceThenEnglish() {
        assertEquals("de", I18n.choose("de", "en-US,en"));
        assertEquals("en", I18n.choose("en", "de-DE,de"));
        assertEquals("de", I18n.choose(null, "fr-FR,de-AT,en"));
        assertEquals("de", I18n.choose("de-CH", null));
        assertEquals("en", I18n.choose("xx", "fr,it"), "an unsupported language falls back to the browser's, then English");
        assertEquals("en", I18n.choose(null, null));
    }

    @Test
    void parametersAreFilledAfterTranslation() {
        I18n.use("de");
        assertEquals("{0} wirklich entfernen?".replace("{0}", "Bob"), I18n.tr("Really remove {0}?", "Bob"));
        assertEquals("3 ungelesene Nachrichten", I18n.plural("{0} unread message", "{0} unread messages", 3));
        assertEquals("1 ungelesene Nachricht", I18n.plural("{0} unread message", "{0} unread messages", 1));
        // A value that looks like a parameter is not expanded again, and a missing key shows English.
        assertEquals("{1} schreibt…", I18n.tr("{0} is typing…", "{1}", "x"));
        assertEquals("Not in the catalog {0}", I18n.tr("Not in the catalog {0}"));
        I18n.use("en");
        assertEquals("Really remove Bob?", I18n.tr("Really remove {0}?", "Bob"));
    }
}
