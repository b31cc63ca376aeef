package im.parley.bench;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link ParserBenchmark} with JMH's GC profiler (one fork, 5 x 2 s warmup, 5 x 1 s measurement per benchmark,
 * about two and a half minutes in all) and prints a Markdown table: stanzas/s, the ratio to Woodstox doing the same work, and
 * bytes allocated per stanza. Started by {@code mvn -B -pl tests -am -DskipTests -Dbench=jvm package} (README,
 * "Benchmarks").
 */
public final class JvmParserBench {
    private JvmParserBench() {
    }

    public static void main(String[] args) throws Exception {
        Options options = new OptionsBuilder()
                .include(ParserBenchmark.class.getName() + ".")
                .addProfiler(GCProfiler.class)
                .jvmArgs("-Dparley.corpus=" + BenchCorpus.dir(), "-Xms1g", "-Xmx1g")
                .build();
        Collection<RunResult> results = new Runner(options).run();

        Map<String, double[]> rows = new LinkedHashMap<>(); // "set/benchmark" -> score, error, bytes per stanza
        for (RunResult r : results) {
            String bench = r.getParams().getBenchmark();
            bench = bench.substring(bench.lastIndexOf('.') + 1);
            Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
            rows.put(r.getParams().getParam("set") + "/" + bench, new double[] {r.getPrimaryResult().getScore(),
                r.getPrimaryResult().getScoreError(), alloc == null ? Double.NaN : alloc.getScore()});
        }
        int n = BenchCorpus.stanzas().size();
        StringBuilder md = new StringBuilder();
        md.append("\nJVM ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.version")).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" CPUs; corpus: ").append(n)
                .append(" stanzas; one op = one stanza\n\n");
        md.append("| set | parser | work | stanzas/s (± 99.9% CI) | vs Woodstox | bytes allocated / stanza |\n");
        md.append("| --- | --- | --- | ---: | ---: | ---: |\n");
        for (String set : new String[] {"corpus", "message"}) {
            for (String work : new String[] {"Tree", "Events"}) {
                double[] w = rows.get(set + "/woodstox" + work);
                for (String parser : new String[] {"parley", "woodstox"}) {
                    double[] v = rows.get(set + "/" + parser + work);
                    if (v == null) {
                        continue;
                    }
                    md.append(String.format(Locale.ROOT, "| %s | %s | %s | %,.0f ± %,.0f | %s | %,.0f |%n", set,
                            parser.equals("parley") ? "Parley" : "Woodstox 7.3.0",
                            work.equals("Tree") ? "build tree" : "read events", v[0], v[1],
                            w == null ? "—" : String.format(Locale.ROOT, "%.2fx", v[0] / w[0]), v[2]));
                }
            }
        }
        System.out.println(md);
    }
}
