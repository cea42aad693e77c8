package dev.shop.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A small real HTTP server standing in for one service: it records every request it receives (method, raw URI,
 * headers, body bytes) and answers 200 with {@code {"service": name}}. A path containing {@code /slow} is answered
 * after {@link #SLOW}, to make the gateway's route timeout fire. A path containing {@code /events} is answered as a
 * stream of Server-Sent Events: {@code first} at once, {@code second} when the test {@link #releaseStream releases} it,
 * then the end. {@code GET /readyz} answers 200, or 503 while the test says the backend is not {@link #ready ready}.
 */
public final class Backend {

    public static final Duration SLOW = Duration.ofSeconds(3);

    private static final Map<String, Backend> SHARED = new LinkedHashMap<>();

    private final String name;
    private final DisposableServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Sinks.Empty<Void>> streamReleases = new ConcurrentHashMap<>();

    /** One request as the service got it. Header names lower-cased. */
    public record Received(String method, String uri, Map<String, List<String>> headers, byte[] body) {

        public @Nullable String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.getFirst();
        }
    }

    private volatile boolean ready = true;

    private Backend(String name, boolean dropping) {
        this.name = name;
        this.server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle((request, response) -> request.uri().equals("/readyz")
                        ? response.status(ready ? 200 : 503).send()
                        : request.receive()
                                .aggregate()
                                .asByteArray()
                                .defaultIfEmpty(new byte[0])
                                .flatMap(body -> {
                                    Map<String, List<String>> headers = new LinkedHashMap<>();
                                    request.requestHeaders()
                                            .forEach(header -> headers.computeIfAbsent(
                                                            header.getKey().toLowerCase(Locale.ROOT),
                                                            key -> new ArrayList<>())
                                                    .add(header.getValue()));
                                    received.add(new Received(request.method().name(), request.uri(), headers, body));
                                    if (dropping) {
                                        // the request arrived; the connection is closed before any answer
                                        return response.withConnection(connection -> connection.dispose())
                                                .then();
                                    }
                                    if (request.uri().contains("/events")) {
                                        return response.status(200)
                                                .header("Content-Type", "text/event-stream")
                                                .sendString(Flux.concat(
                                                        Mono.just("id: 1\ndata: first\n\n"),
                                                        streamRelease(request.uri())
                                                                .asMono()
                                                                .then(Mono.just("id: 2\ndata: second\n\n"))))
                                                .then();
                                    }
                                    Duration delay = request.uri().contains("/slow") ? SLOW : Duration.ZERO;
                                    return Mono.delay(delay)
                                            .then(response.status(200)
                                                    .header("Content-Type", "application/json")
                                                    .sendString(Mono.just("{\"service\":\"" + name + "\"}"))
                                                    .then());
                                }))
                .bindNow();
    }

    /** The backend of {@code name}, started once per test JVM. */
    public static synchronized Backend shared(String name) {
        return SHARED.computeIfAbsent(name, key -> new Backend(key, false));
    }

    /** A backend of the test class's own: one instance of a service that runs several, to be {@link #stop stopped}. */
    public static Backend instance(String name) {
        return new Backend(name, false);
    }

    /** An instance that takes every request and closes the connection without answering (readiness still 200). */
    public static Backend dropping(String name) {
        return new Backend(name, true);
    }

    /** What {@code GET /readyz} answers from now on: 200 when ready, 503 when not. */
    public void ready(boolean ready) {
        this.ready = ready;
    }

    public void stop() {
        server.disposeNow();
    }

    /** Lets the event streams whose URI contains {@code marker} send their second event and end. */
    public void releaseStream(String marker) {
        received.stream()
                .map(Received::uri)
                .filter(uri -> uri.contains(marker))
                .forEach(uri -> streamRelease(uri).tryEmitEmpty());
    }

    private Sinks.Empty<Void> streamRelease(String uri) {
        return streamReleases.computeIfAbsent(uri, key -> Sinks.empty());
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    public String name() {
        return name;
    }

    /** The requests received so far whose URI contains {@code marker}. */
    public List<Received> receivedWith(String marker) {
        return received.stream().filter(r -> r.uri().contains(marker)).toList();
    }

    /**
     * An address where nothing listens: port 1 (tcpmux), which no test and no service of the shop binds, unlike a port
     * that was free a moment ago and that another server may take.
     */
    public static String closedPortUrl() {
        return "http://127.0.0.1:1";
    }
}
