package im.parley.plugin;

/**
 * A feature of the client: Parley's own (roster, chat, carbons, ...) and third-party scripts alike. A plugin is
 * registered once, by a unique name, before the client starts; {@link #initialize} is called for every session
 * (each login), after the features registered before it.
 */
public interface Plugin {
    String name();

    void initialize(PluginContext context);

    /** A plugin made of a name and an initializer (how the client registers its own features). */
    static Plugin of(String name, java.util.function.Consumer<PluginContext> initializer) {
        return new Plugin() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void initialize(PluginContext context) {
                initializer.accept(context);
            }
        };
    }
}
