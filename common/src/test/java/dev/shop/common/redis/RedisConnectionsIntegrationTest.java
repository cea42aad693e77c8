package dev.shop.common.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shop.common.test.BlockingCalls;
import dev.shop.localstack.test.SharedLocalStack;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.StringCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The connections against the local stack's real Redis, stopped and started again under them. */
class RedisConnectionsIntegrationTest {

    private RedisClient client;
    private RedisConnections<String, String> connections;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeAll
    static void watchTheEventLoops() {
        // before the first Reactor or Lettuce thread starts: BlockHound cannot watch a thread already parked
        BlockingCalls.install();
    }

    @BeforeEach
    void connect() {
        var uri = RedisURI.create("127.0.0.1", SharedLocalStack.get().redis().port());
        client = RedisClient.create();
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        connections = new RedisConnections<>(
                "the test",
                "test",
                2,
                Duration.ofMillis(500),
                Mono.defer(() -> Mono.fromCompletionStage(client.connectAsync(StringCodec.UTF8, uri))),
                meters);
    }

    @AfterEach
    void close() {
        connections.stop();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        assertThat(BlockingCalls.drain())
                .as("blocking calls on Lettuce's or Reactor's threads")
                .isEmpty();
    }

    @Test
    void opensTheConnectionsInTheBackgroundAndHandsThemOutInTurn() {
        assertThat(connections.next()).as("none before start").isNull();
        assertThat(openConnections()).as("gauge before start").isZero();

        connections.start();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> connections.connected()
                        && IntStream.range(0, 4)
                                        .mapToObj(i -> connections.next())
                                        .collect(HashSet::new, HashSet::add, HashSet::addAll)
                                        .size()
                                == 2);
        var connection = connections.next();
        assertThat(connection).isNotNull();
        assertThat(connection.reactive().ping().block(Duration.ofSeconds(2))).isEqualTo("PONG");
        assertThat(openConnections()).as("gauge once open").isEqualTo(2);
    }

    @Test
    void givesNoneWhileRedisIsAwayAndOpensThemAgainWhenItIsBack() {
        connections.start();
        await().atMost(Duration.ofSeconds(10)).until(connections::connected);
        var redis = SharedLocalStack.get().redis();

        redis.stop();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> connections.next() == null);
            assertThat(connections.connected()).isFalse();
            assertThat(openConnections()).as("gauge while Redis is away").isZero();
        } finally {
            redis.restart();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> openConnections() == 2);
        assertThat(connections.connected()).isTrue();
        assertThat(connections.next().reactive().ping().block(Duration.ofSeconds(2)))
                .isEqualTo("PONG");
    }

    private double openConnections() {
        return meters.get("shop.redis.connections").tag("use", "test").gauge().value();
    }
}
