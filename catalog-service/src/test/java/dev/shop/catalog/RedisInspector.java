package dev.shop.catalog;

import dev.shop.localstack.test.SharedLocalStack;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Looks into the test stack's Redis from a test thread (blocking is fine there), apart from the service's client. */
public final class RedisInspector implements AutoCloseable {

    private final RedisClient client;
    private final RedisCommands<String, byte[]> commands;

    public RedisInspector() {
        this.client = RedisClient.create(
                "redis://127.0.0.1:" + SharedLocalStack.get().redis().port());
        this.commands = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE))
                .sync();
    }

    /** The value as text, "" when there is none. */
    public String get(String key) {
        byte[] value = commands.get(key);
        return value == null ? "" : new String(value, StandardCharsets.UTF_8);
    }

    public void delete(String key) {
        commands.del(key);
    }

    /** The remaining time to live; negative when the key has none or does not exist. */
    public Duration timeToLive(String key) {
        return Duration.ofMillis(commands.pttl(key));
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
