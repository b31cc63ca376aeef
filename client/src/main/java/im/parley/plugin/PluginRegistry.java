package im.parley.plugin;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The plugins of one client (one worker), by unique name. The client's own features hold their names from the
 * start; others register until {@link #close}, which the client calls before its first session. A registered
 * plugin can be neither replaced nor removed: this class has no method that would do it.
 */
public final class PluginRegistry {
    private final Set<String> builtIn;
    private final Map<String, Plugin> plugins = new LinkedHashMap<>();
    private boolean closed;

    /** @param builtInNames the names of the client's own features, which no plugin may take */
    public PluginRegistry(Collection<String> builtInNames) {
        this.builtIn = Collections.unmodifiableSet(new LinkedHashSet<>(builtInNames));
    }

    /**
     * Registers a plugin.
     *
     * @throws IllegalArgumentException if its name is not a valid plugin name
     * @throws IllegalStateException    if the name is taken or registration is closed
     */
    public void register(Plugin plugin) {
        String name = plugin.name();
        checkOpen(name);
        PluginPolicy.checkName(name);
        checkFree(name);
        plugins.put(name, plugin);
    }

    /** Throws unless a plugin of this name could still be registered (checked before fetching its code). */
    public void checkAvailable(String name) {
        checkOpen(name);
        checkFree(name);
    }

    private void checkOpen(String name) {
        if (closed) {
            throw new IllegalStateException("plugin registration is closed: '" + name + "' comes too late (plugins "
                    + "register before the client starts)");
        }
    }

    private void checkFree(String name) {
        if (builtIn.contains(name) || plugins.containsKey(name)) {
            throw new IllegalStateException("a plugin named '" + name + "' is registered already; a registered "
                    + "plugin cannot be replaced or removed");
        }
    }

    /** Ends registration; later attempts fail. */
    public void close() {
        closed = true;
    }

    public boolean isClosed() {
        return closed;
    }

    /** The registered plugins (not the built-in features), in registration order. */
    public List<Plugin> plugins() {
        return Collections.unmodifiableList(new ArrayList<>(plugins.values()));
    }

    /** Every name taken: the built-in features', then the plugins'. */
    public List<String> names() {
        List<String> all = new ArrayList<>(builtIn);
        all.addAll(plugins.keySet());
        return all;
    }
}
