package dev.shop.common.lifecycle;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * PostgreSQL's {@code LISTEN}/{@code NOTIFY} for a service: one connection of its own (not one of the pool's) listens
 * on the given channels, and {@link #on(String)} emits each notification of a channel. Work that waits for rows (the
 * outbox relay) sleeps until told instead of polling. A lost connection is opened again with a growing pause; each
 * (re)connection emits on every channel as well, so that a waiter catches up on what it may have missed meanwhile.
 * Waiters keep a slow poll of their own as a safety net.
 */
public final class DatabaseNotifications implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DatabaseNotifications.class);

    private final ConnectionFactory connections;
    private final List<String> channels;
    private final Sinks.Many<Notification> notifications =
            Sinks.many().multicast().directBestEffort();
    private volatile @Nullable Disposable listening;

    /**
     * @param connections the service's connection factory (a pool is unwrapped: the listener holds its connection for
     *     as long as the service runs)
     * @param channels the channels to listen on: SQL identifiers, as the service's migrations name them
     */
    public DatabaseNotifications(ConnectionFactory connections, List<String> channels) {
        this.connections = unwrapped(connections);
        this.channels = List.copyOf(channels);
        for (String channel : channels) {
            if (!channel.matches("[a-z_][a-z0-9_]*")) {
                throw new IllegalArgumentException("Not a channel name: " + channel);
            }
        }
    }

    /**
     * The notifications of {@code channel} from now on, as their payloads, and one with an empty payload after every
     * (re)connection: a waiter for a payload of its own takes that one as "anything may have changed".
     */
    public Flux<String> on(String channel) {
        if (!channels.contains(channel)) {
            throw new IllegalArgumentException("Not listening on " + channel + ", only on " + channels);
        }
        return notifications
                .asFlux()
                .filter(notification -> notification.channel().equals(channel))
                .map(Notification::payload);
    }

    @Override
    public synchronized void start() {
        if (listening != null) {
            return;
        }
        listening = Mono.usingWhen(
                        Mono.from(connections.create()).cast(PostgresqlConnection.class),
                        connection -> Flux.fromIterable(channels)
                                .concatMap(channel -> connection
                                        .createStatement("LISTEN " + channel)
                                        .execute()
                                        .flatMap(result -> result.getRowsUpdated())
                                        .then())
                                .thenMany(Flux.defer(() -> {
                                    log.debug("Listening on {}", channels);
                                    // catch up on what came before
                                    channels.forEach(
                                            channel -> notifications.tryEmitNext(new Notification(channel, "")));
                                    return connection.getNotifications();
                                }))
                                .doOnNext(notification -> notifications.tryEmitNext(new Notification(
                                        notification.getName(),
                                        Objects.requireNonNullElse(notification.getParameter(), ""))))
                                .then(Mono.error(new IllegalStateException("the listening connection closed"))),
                        connection -> connection.close())
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1))
                        .maxBackoff(Duration.ofSeconds(30))
                        .doBeforeRetry(retry -> log.warn(
                                "Not listening on {} ({}); trying again",
                                channels,
                                retry.failure().toString())))
                .subscribe();
    }

    @Override
    public synchronized void stop() {
        var running = listening;
        listening = null;
        if (running != null) {
            running.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return listening != null;
    }

    /** Starts before the work that waits for it, stops after it. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 2048;
    }

    private record Notification(String channel, String payload) {}

    private static ConnectionFactory unwrapped(ConnectionFactory factory) {
        ConnectionFactory current = factory;
        while (current instanceof Wrapped<?> wrapped && wrapped.unwrap() instanceof ConnectionFactory inner) {
            current = inner;
        }
        return current;
    }
}
