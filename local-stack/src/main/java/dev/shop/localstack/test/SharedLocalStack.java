package dev.shop.localstack.test;

import dev.shop.localstack.LocalStack;
import dev.shop.localstack.StackConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The one local stack of a test JVM: started on free ports by the first test that asks, stopped
 * when the JVM exits. Tests may stop and restart its broker or Redis for fault tests; they must
 * leave it running again when they finish.
 */
public final class SharedLocalStack {

    private static @Nullable LocalStack stack;

    private SharedLocalStack() {}

    public static synchronized LocalStack get() {
        var running = stack;
        if (running == null) {
            running = LocalStack.start(StackConfig.forTests(baseDir()), LocalStack.Progress.SILENT);
            var started = running;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "shared-local-stack-shutdown"));
            stack = running;
        }
        return running;
    }

    private static Path baseDir() {
        try {
            // surefire points java.io.tmpdir at target/, so data and logs stay with the build
            return Files.createTempDirectory("local-stack-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
