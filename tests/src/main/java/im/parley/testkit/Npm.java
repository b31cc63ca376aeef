package im.parley.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Pinned npm packages the tests need, installed once into the build directory (never committed). */
public final class Npm {
    private Npm() {
    }

    /**
     * Installs {@code pkg@version} under {@code dir} unless that exact version is there; returns the package's
     * directory ({@code dir/node_modules/pkg}).
     */
    public static synchronized Path install(Path dir, String pkg, String version) throws IOException, InterruptedException {
        Path home = dir.resolve("node_modules").resolve(pkg);
        Path manifest = home.resolve("package.json");
        if (!Files.isRegularFile(manifest) || !Files.readString(manifest).contains("\"version\": \"" + version + "\"")) {
            Files.createDirectories(dir);
            Process p = new ProcessBuilder("npm", "install", "--prefix", dir.toString(), "--no-audit", "--no-fund",
                    "--save-exact", pkg + "@" + version).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0 || !Files.isRegularFile(manifest)) {
                throw new IOException("npm install " + pkg + "@" + version + " failed (are node and npm installed? "
                        + "./parley test installs them):\n" + out);
            }
        }
        return home;
    }
}
