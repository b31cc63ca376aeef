/**
 * Plugins: the one interface through which Parley's own features and third-party code join a session
 * ({@link im.parley.plugin.Plugin}, {@link im.parley.plugin.PluginContext}), the registry that keeps names unique
 * and closes once the client has started ({@link im.parley.plugin.PluginRegistry}), and the rules a third-party
 * script must pass before the worker runs it ({@link im.parley.plugin.PluginPolicy}: whitelist, blacklist,
 * Parley's own origin, and a Subresource-Integrity digest checked by {@link im.parley.plugin.PluginLoader}).
 */
package im.parley.plugin;
