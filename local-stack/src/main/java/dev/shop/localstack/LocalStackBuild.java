package dev.shop.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** What the build wrote into {@code local-stack.properties}: versions, and where Maven put the servers it fetched. */
final class LocalStackBuild {

    private static final Properties PROPERTIES = load();

    private LocalStackBuild() {}

    static String property(String name) {
        var value = PROPERTIES.getProperty(name);
        if (value == null) {
            throw new IllegalStateException(name + " is missing from local-stack.properties");
        }
        return value;
    }

    /** s3proxy's self-contained jar, the object store's whole class path. */
    static Path s3proxyJar() {
        var jar = Path.of(property("s3proxy.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new StartupException("s3proxy is missing (" + jar
                    + "): build local-stack first (mvn -pl local-stack -am package) so that Maven fetches it.");
        }
        return jar;
    }

    private static Properties load() {
        var properties = new Properties();
        try (var in = LocalStackBuild.class.getResourceAsStream("local-stack.properties")) {
            if (in == null) {
                throw new IllegalStateException("local-stack.properties is missing from the build");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
