package im.parley.plugin;

import java.util.Objects;

/**
 * Where a plugin's code is and what it must hash to: a name, a URL on Parley's own origin and a Subresource
 * Integrity value ({@code sha256-<base64>}, or sha384/sha512).
 */
public final class PluginDescriptor {
    private final String name;
    private final String url;
    private final String integrity;

    public PluginDescriptor(String name, String url, String integrity) {
        this.name = Objects.requireNonNull(name);
        this.url = Objects.requireNonNull(url);
        this.integrity = Objects.requireNonNull(integrity);
    }

    public String name() {
        return name;
    }

    public String url() {
        return url;
    }

    public String integrity() {
        return integrity;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PluginDescriptor && ((PluginDescriptor) o).name.equals(name)
                && ((PluginDescriptor) o).url.equals(url) && ((PluginDescriptor) o).integrity.equals(integrity);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, url, integrity);
    }

    @Override
    public String toString() {
        return name + " (" + url + ", " + integrity + ")";
    }
}
