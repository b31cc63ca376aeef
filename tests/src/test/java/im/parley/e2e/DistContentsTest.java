package im.parley.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * What the dist ships: no copy of java.util.regex in any script (TeaVM compiles it to ~100 KB; one String.split
 * with a pattern pulls it in, as happened once in embed.js and the frame), and the host page's facade small. Sizes
 * are bytes, not timings; the comparison with Converse is in the benchmarks.
 */
class DistContentsTest {
    private static final Path DIST = Path.of(System.getProperty("parley.dist", "../webapp/target/dist"));

    private static long gzip(byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out) {
            {
                def.setLevel(9);
            }
        }) {
            z.write(data);
        }
        return out.size();
    }

    @Test
    void noScriptCarriesARegularExpressionEngine() throws Exception {
        for (String name : new String[] {"embed.js", "parley-frame.js", "parley-worker.js", "wasm-jsbody.js"}) {
            String js = Files.readString(DIST.resolve(name));
            // Class names of TeaVM's java.util.regex that survive minification as strings.
            assertTrue(!js.contains("PossessiveGroupQuantifierSet") && !js.contains("CompositeGroupQuantifierSet"),
                    name + " carries java.util.regex: look for String.split/matches/replaceAll in the code it compiles");
        }
    }

    @Test
    void theFacadeStaysSmall() throws Exception {
        long embed = gzip(Files.readAllBytes(DIST.resolve("embed.js")));
        assertTrue(embed < 50_000, "embed.js is " + embed + " bytes gzipped; the host page's facade should stay small");
    }
}
