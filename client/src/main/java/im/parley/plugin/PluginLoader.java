package im.parley.plugin;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Loads third-party plugins into the worker: for each descriptor, in order, the policy is checked, the code is
 * fetched, its digest compared with the integrity value, and only then is it run; the script must register
 * exactly the name it was declared under. A refused plugin is reported with its reason and the others go on.
 * Registration closes when the last one has been handled.
 */
public final class PluginLoader {
    /** What runs scripts: the worker's global scope in the browser, a fake in JVM tests. */
    public interface ScriptHost {
        /** The origin plugins must come from (Parley's own). */
        String origin();

        /**
         * Fetches a URL and digests its bytes with a Web Crypto algorithm (SHA-256, SHA-384, SHA-512); calls back
         * with the fetched code, or with an error text.
         */
        void fetch(String url, String algorithm, BiConsumer<Fetched, String> done);

        /** Registration has closed: scripts that try to register now are refused. */
        default void closed() {
        }
    }

    /** Code fetched and digested but not run yet. */
    public interface Fetched {
        /** The digest of the fetched bytes, base64. */
        String digest();

        /**
         * Runs the code, which must register itself under {@code expectedName}.
         *
         * @throws IllegalStateException with the reason if the script fails or registers another name, or none
         */
        Plugin run(String expectedName);
    }

    private final ScriptHost host;

    public PluginLoader(ScriptHost host) {
        this.host = host;
    }

    /**
     * Loads the plugins, then closes the registry and runs {@code done}. {@code refused} gets each plugin's name and
     * the reason it was not loaded.
     */
    public void load(List<PluginDescriptor> descriptors, PluginPolicy policy, PluginRegistry registry,
            BiConsumer<String, String> refused, Runnable done) {
        next(new ArrayList<>(descriptors), 0, policy, registry, refused, done);
    }

    private void next(List<PluginDescriptor> list, int index, PluginPolicy policy, PluginRegistry registry,
            BiConsumer<String, String> refused, Runnable done) {
        if (index == list.size()) {
            registry.close();
            host.closed();
            done.run();
            return;
        }
        PluginDescriptor d = list.get(index);
        Runnable rest = () -> next(list, index + 1, policy, registry, refused, done);
        String why = policy.refusal(d, host.origin());
        if (why == null) {
            try {
                registry.checkAvailable(d.name());
            } catch (IllegalStateException e) {
                why = e.getMessage();
            }
        }
        if (why != null) {
            refused.accept(d.name(), why);
            rest.run();
            return;
        }
        PluginPolicy.Integrity integrity = PluginPolicy.Integrity.parse(d.integrity());
        host.fetch(d.url(), integrity.webCryptoName(), (fetched, err) -> {
            if (err != null) {
                refused.accept(d.name(), "its code could not be fetched from " + d.url() + ": " + err);
            } else if (!integrity.matches(fetched.digest())) {
                refused.accept(d.name(), "the code at " + d.url() + " does not match its integrity value (expected "
                        + integrity + ", the file has " + integrity.algorithm() + "-" + fetched.digest() + ")");
            } else {
                try {
                    registry.register(fetched.run(d.name()));
                } catch (IllegalStateException | IllegalArgumentException e) {
                    refused.accept(d.name(), e.getMessage());
                }
            }
            rest.run();
        });
    }
}
