package dev.shop.localstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * An S3-compatible object store: s3proxy on a filesystem blob store, in a JVM of its own on the loopback address, with
 * the bucket of the product images. Objects are files under the stack's data directory (kept across restarts by
 * {@code ./shop up}, thrown away with a test JVM's stack). Requests must be signed (AWS signature v2 or v4) with the
 * local key pair {@link #ACCESS_KEY} / {@link #SECRET_KEY}.
 *
 * <p>s3proxy runs from its own self-contained jar, which Maven resolved for local-stack, so none of its libraries
 * (Jetty 11, jclouds, its Jackson) meets the classes of the stack or of a service's tests.
 */
public final class ObjectStore implements AutoCloseable {

    /** The bucket of the product images. */
    public static final String BUCKET = "shop-images";

    public static final String ACCESS_KEY = "shop-local";
    public static final String SECRET_KEY = "shop-local-secret";
    /** Any region will do for s3proxy; clients must name one to sign their requests. */
    public static final String REGION = "us-east-1";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final StackConfig config;
    private @Nullable Process process;

    ObjectStore(StackConfig config) {
        this.config = config;
    }

    /** Starts the store and waits until it accepts connections; the bucket exists from then on. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        Ports.requireFree("Object store", config.objectStorePort(), "SHOP_OBJECT_STORE_PORT");
        try {
            var data = config.dataDir("objects");
            // the filesystem blob store keeps a bucket as a directory of the same name
            Files.createDirectories(data.resolve(BUCKET));
            var properties = writeProperties(data);
            var log = config.logFile("object-store");
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(List.of(
                            ChildJvms.java(),
                            "-Xms32m",
                            "-Xmx128m",
                            "-XX:TieredStopAtLevel=1",
                            "-cp",
                            LocalStackBuild.s3proxyJar() + File.pathSeparator + ownLocation(),
                            ObjectStoreMain.class.getName(),
                            "--properties",
                            properties.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(log.toFile()))
                    .redirectInput(Redirect.PIPE) // the child's watchdog ends it when this pipe closes
                    .start();
            awaitReady(log);
        } catch (IOException e) {
            throw new StartupException("The object store did not start: " + e.getMessage(), e);
        }
    }

    /** The store's endpoint, for S3 clients (path-style addressing: {@code <endpoint>/<bucket>/<key>}). */
    public String endpoint() {
        return "http://127.0.0.1:" + config.objectStorePort();
    }

    public String address() {
        return endpoint() + " (S3 API, bucket " + BUCKET + ", key " + ACCESS_KEY + "/" + SECRET_KEY + ")";
    }

    /** The directory holding the objects, one file per object under {@code <bucket>/<key>}. */
    public Path dataDir() {
        return config.dataDir("objects");
    }

    public synchronized boolean isRunning() {
        var running = process;
        return running != null && running.isAlive();
    }

    /** Stops the store; its objects stay for the next {@link #start()}. */
    public synchronized void stop() {
        var running = process;
        process = null;
        if (running == null) {
            return;
        }
        ChildJvms.stop(running, STOP_TIMEOUT);
    }

    @Override
    public void close() {
        stop();
    }

    private Path writeProperties(Path data) throws IOException {
        var properties = new Properties();
        properties.setProperty("s3proxy.endpoint", endpoint());
        properties.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        properties.setProperty("s3proxy.identity", ACCESS_KEY);
        properties.setProperty("s3proxy.credential", SECRET_KEY);
        // newer S3 clients send headers s3proxy does not know (checksums); it need not understand them to store bytes
        properties.setProperty("s3proxy.ignore-unknown-headers", "true");
        properties.setProperty("jclouds.provider", "filesystem");
        properties.setProperty("jclouds.identity", ACCESS_KEY);
        properties.setProperty("jclouds.credential", SECRET_KEY);
        properties.setProperty("jclouds.filesystem.basedir", data.toString());
        var file = config.runDir().resolve("object-store.properties");
        Files.createDirectories(file.getParent());
        try (var out = Files.newBufferedWriter(file)) {
            properties.store(out, "Written by the local stack at each start");
        }
        return file;
    }

    private void awaitReady(Path log) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            var running = process;
            if (running == null || !running.isAlive()) {
                throw new StartupException("The object store exited while starting; see " + log);
            }
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", config.objectStorePort()), 200);
                return;
            } catch (IOException notYet) {
                sleep();
            }
        }
        stop();
        throw new StartupException(
                "The object store did not answer within " + START_TIMEOUT.toSeconds() + " s; see " + log);
    }

    private static void sleep() {
        try {
            Thread.sleep(100); // the launcher thread polls a starting store; nothing reactive runs here
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("Interrupted while waiting for the object store", e);
        }
    }

    /** Where this class was loaded from (local-stack's classes or jar): the child runs {@link ObjectStoreMain}. */
    private static String ownLocation() {
        try {
            return Path.of(ObjectStore.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException("local-stack's own location is not a path", e));
        }
    }
}
