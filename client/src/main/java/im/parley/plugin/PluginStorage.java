package im.parley.plugin;

import im.parley.store.Callback;

/**
 * A plugin's own storage: string values under string keys, namespaced by the plugin's name and sealed like every
 * other record of the encrypted cache. Without a cache (nothing may be stored in this session) it keeps values in
 * memory for the life of the worker.
 */
public interface PluginStorage {
    void get(String key, Callback<String> done);

    /** Stores {@code value}, or deletes the key when it is null. */
    void set(String key, String value, Callback<Void> done);
}
