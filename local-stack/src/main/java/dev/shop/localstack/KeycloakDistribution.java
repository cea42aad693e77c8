package dev.shop.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.zip.ZipFile;

/**
 * The official Keycloak server distribution, as the zip that Maven resolved for local-stack, unpacked once into a
 * directory of its own and reused: its first {@code start-dev} builds (augments) it, later starts skip that.
 */
final class KeycloakDistribution {

    private KeycloakDistribution() {}

    static String version() {
        return LocalStackBuild.property("keycloak.version");
    }

    /** The unpacked distribution under {@code parent}, unpacking it first if needed (safe across JVMs). */
    static Path unpackedUnder(Path parent) {
        var home = parent.resolve("keycloak-" + version());
        if (Files.isExecutable(home.resolve("bin/kc.sh"))) {
            return home;
        }
        var zip = Path.of(LocalStackBuild.property("keycloak.zip"));
        if (!Files.isRegularFile(zip)) {
            throw new StartupException("The Keycloak distribution is missing (" + zip
                    + "): build local-stack first (mvn -pl local-stack -am package) so that Maven fetches it.");
        }
        try {
            Files.createDirectories(parent);
            try (var lock = FileChannel.open(
                            parent.resolve(".unpack.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    var held = lock.lock()) {
                if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
                    unpack(zip, parent, home);
                }
            }
        } catch (IOException e) {
            throw new StartupException("Could not unpack Keycloak into " + parent + ": " + e.getMessage(), e);
        }
        return home;
    }

    private static void unpack(Path zip, Path parent, Path home) throws IOException {
        var staging = Files.createTempDirectory(parent, "unpacking-");
        try (var archive = new ZipFile(zip.toFile())) {
            var entries = archive.entries();
            while (entries.hasMoreElements()) {
                var entry = entries.nextElement();
                var target = staging.resolve(entry.getName()).normalize();
                if (!target.startsWith(staging)) {
                    throw new IOException("Zip entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = archive.getInputStream(entry)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        var unpacked = staging.resolve("keycloak-" + version());
        // zip entries carry no file modes through java.util.zip: the launch scripts need theirs
        try (var scripts = Files.list(unpacked.resolve("bin"))) {
            scripts.filter(file -> file.toString().endsWith(".sh"))
                    .forEach(file -> file.toFile().setExecutable(true, false));
        }
        Files.move(unpacked, home, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(staging);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
