package dev.shop.common.test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;

/**
 * BlockHound for the services' integration tests: a blocking call on an event loop (Reactor Netty, R2DBC, Lettuce, Reactor's
 * parallel scheduler) throws where it happens and is also recorded, so that a test fails even when the error is
 * swallowed on its way (e.g. turned into a 500 or a cache miss).
 */
public final class BlockingCalls {

    private static final List<String> DETECTED = new CopyOnWriteArrayList<>();
    private static boolean installed;

    private BlockingCalls() {}

    public static synchronized void install() {
        if (installed) {
            return;
        }
        BlockHound.install(builder -> builder
                // Logback writes log lines synchronously: acceptable for the few lines of these paths, not I/O we own
                .allowBlockingCallsInside("ch.qos.logback.core.OutputStreamAppender", "writeBytes")
                .allowBlockingCallsInside("ch.qos.logback.core.ConsoleAppender", "start")
                // SecureRandom's NativePRNG reads /dev/urandom, which never blocks once the kernel is seeded (Linux
                // 5.6+);
                // UUIDs (ce_id of every event, product ids) come from it
                .allowBlockingCallsInside("java.util.UUID", "randomUUID")
                // the same /dev/urandom read: a test client's multipart boundary (an upload's form)
                .allowBlockingCallsInside("org.springframework.util.MimeTypeUtils", "generateMultipartBoundary")
                // the AWS SDK's signer takes a MessageDigest from a pool behind a short lock that parks a moment when
                // two requests are signed at once: memory, not I/O
                .allowBlockingCallsInside("software.amazon.awssdk.checksums.internal.DigestAlgorithm", "getDigest")
                // the test's HTTP client loads the zstd native library once, when it first decodes a response
                .allowBlockingCallsInside("io.netty.handler.codec.compression.Zstd", "<clinit>")
                // a finished span goes to OpenTelemetry's export queue: an offer that never waits for room, though
                // its lock may park a moment when two threads end spans at once
                .allowBlockingCallsInside("io.opentelemetry.sdk.trace.export.BatchSpanProcessor$Worker", "addSpan")
                // Netty's adaptive buffer allocator takes a short lock of its own when it grows or returns a
                // magazine of buffers under contention: memory bookkeeping, not I/O
                .allowBlockingCallsInside(
                        "io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines")
                .allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free")
                // Resilience4j keeps each breaker's and time limiter's last events in a ring buffer behind a short
                // write lock, which parks a moment when two threads record an outcome at once: memory, not I/O
                .allowBlockingCallsInside(
                        "io.github.resilience4j.circularbuffer.ConcurrentEvictingQueue", "writeConcurrently")
                // Netty's DNS resolver, made on a client's first connection, draws its query ids from SecureRandom
                // once (a read of /dev/urandom, which does not block on a seeded kernel)
                .allowBlockingCallsInside("io.netty.resolver.dns.DnsQueryIdSpace", "newBucket")
                // the Prometheus exemplars look the tracer up once, lazily, behind a lock that parks a moment when two
                // threads record their first timed call at once (the gateway's requests and its readiness checks)
                .allowBlockingCallsInside(
                        "org.springframework.boot.micrometer.tracing.autoconfigure.prometheus"
                                + ".PrometheusExemplarsAutoConfiguration$LazyTracingSpanContext",
                        "currentSpan")
                .blockingMethodCallback(method -> {
                    DETECTED.add(method + " on " + Thread.currentThread().getName() + " at " + where());
                    throw new BlockingOperationError(method);
                }));
        installed = true;
    }

    // the frames that say who blocked: those outside the JDK, BlockHound and Reactor's operators
    private static String where() {
        return StackWalker.getInstance()
                .walk(frames -> frames.map(StackWalker.StackFrame::toStackTraceElement)
                        .map(StackTraceElement::toString)
                        .filter(frame -> !frame.startsWith("java.")
                                && !frame.startsWith("jdk.")
                                && !frame.contains("blockhound")
                                && !frame.contains("BlockingCalls")
                                && !frame.startsWith("reactor.core"))
                        .limit(12)
                        .toList())
                .toString();
    }

    /** The blocking calls seen so far, cleared by the call. */
    public static List<String> drain() {
        List<String> seen = List.copyOf(DETECTED);
        DETECTED.clear();
        return seen;
    }
}
