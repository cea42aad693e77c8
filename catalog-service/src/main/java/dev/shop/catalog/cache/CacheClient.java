package dev.shop.catalog.cache;

import dev.shop.common.redis.RedisConnections;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The cache's Redis connections: a few multiplexed Lettuce connections, used reactively, never blocking a caller.
 * common's {@link RedisConnections} opens them at startup in the background and keeps them open; this class only
 * says how (address, credentials, TLS from the usual {@code spring.data.redis.*} keys) and sends the commands.
 *
 * <ul>
 *   <li>While no connection is open, commands are not sent (reads miss, writes are skipped), and Lettuce rejects
 *       rather than queues commands while it reconnects: a Redis outage costs cache hits, nothing else.
 *   <li>No timer per command: with Lettuce's command timeout every request's objects stayed referenced from the
 *       timer wheel until its next tick, survived young collections and filled the old generation under load
 *       (full collections every few seconds; see docs/benchmarks.md). The watchdog of {@link RedisConnections}
 *       pings each connection every second instead; a connection that does not answer within
 *       {@code spring.data.redis.timeout} is closed, which fails its pending commands (those reads go to PostgreSQL),
 *       and replaced. A hung Redis thus delays a read by at most about a second, once.
 *   <li>One connection per core: a reply is handled, and the rest of the request runs, on its connection's Lettuce
 *       thread; a single connection funnelled every cache hit through one thread.
 * </ul>
 */
@Component
@EnableConfigurationProperties(RedisEndpoint.class)
public class CacheClient implements SmartLifecycle {

    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final RedisClient client;
    private final RedisConnections<String, byte[]> connections;

    CacheClient(RedisEndpoint endpoint, ObjectProvider<SslBundles> sslBundles, MeterRegistry meters) {
        var builder = RedisURI.builder()
                .withHost(endpoint.host())
                .withPort(endpoint.port())
                .withDatabase(endpoint.database())
                .withTimeout(endpoint.timeout())
                .withSsl(endpoint.ssl().on());
        String password = endpoint.password();
        String username = endpoint.username();
        if (password != null) {
            builder = username != null
                    ? builder.withAuthentication(username, password)
                    : builder.withPassword(password.toCharArray());
        }
        var uri = builder.build();
        this.client = RedisClient.create();
        var options = ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(endpoint.connectTimeout())
                        .build())
                .timeoutOptions(TimeoutOptions.create());
        String bundle = endpoint.ssl().bundle();
        if (endpoint.ssl().on() && bundle != null) {
            // the CA the operator gave (the chart's redis.tls.caSecret), as Spring Data Redis would trust it
            var managers = sslBundles.getObject().getBundle(bundle).getManagers();
            options.sslOptions(SslOptions.builder()
                    .jdkSslProvider()
                    .trustManager(managers.getTrustManagerFactory())
                    .keyManager(managers.getKeyManagerFactory())
                    .build());
        }
        client.setOptions(options.build());
        this.connections = new RedisConnections<>(
                "the cache",
                "cache",
                Math.max(2, Runtime.getRuntime().availableProcessors()),
                endpoint.timeout(),
                Mono.defer(() -> Mono.fromCompletionStage(client.connectAsync(CODEC, uri))),
                meters);
    }

    /** The value at {@code key}; empty when there is none or Redis is not connected. */
    public Mono<byte[]> get(String key) {
        var commands = commands();
        return commands == null ? Mono.empty() : commands.get(key);
    }

    /** Stores {@code value} at {@code key} for {@code ttl}; does nothing while Redis is not connected. */
    public Mono<Void> set(String key, byte[] value, Duration ttl) {
        var commands = commands();
        return commands == null
                ? Mono.empty()
                : commands.set(key, value, SetArgs.Builder.px(ttl.toMillis())).then();
    }

    /** Runs a Lua script on one key; empty while Redis is not connected. */
    public Mono<Long> eval(String script, String key, byte[]... args) {
        var commands = commands();
        return commands == null
                ? Mono.empty()
                : commands.<Long>eval(script, ScriptOutputType.INTEGER, new String[] {key}, args)
                        .next();
    }

    public boolean connected() {
        return connections.connected();
    }

    private @Nullable RedisReactiveCommands<String, byte[]> commands() {
        var connection = connections.next();
        return connection == null ? null : connection.reactive();
    }

    @Override
    public void start() {
        connections.start();
    }

    @Override
    public void stop() {
        connections.stop();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    @Override
    public boolean isRunning() {
        return connections.isRunning();
    }
}
