package dev.shop.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shop.localstack.test.LocalStackTest;
import dev.shop.localstack.test.SharedLocalStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.test.StepVerifier;

@SpringBootTest(properties = "spring.r2dbc.pool.acquire-retry=10")
@LocalStackTest(database = "fixture")
class LocalStackIntegrationTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {}

    @Autowired
    DatabaseClient database;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Test
    void connectsR2dbcToItsOwnDatabaseOnTheRealPostgres() {
        var rows = database.sql("create table if not exists note (id uuid primary key, text text not null)")
                .then()
                .then(database.sql("insert into note (id, text) values (:id, :text)")
                        .bind("id", UUID.randomUUID())
                        .bind("text", "hello")
                        .then())
                .then(database.sql("select current_database() as db, version() as version, count(*) as notes from note")
                        .map(row -> List.of(
                                row.get("db", String.class),
                                row.get("version", String.class),
                                String.valueOf(row.get("notes", Long.class))))
                        .one());

        StepVerifier.create(rows)
                .assertNext(row -> {
                    assertThat(row.get(0)).isEqualTo("fixture");
                    assertThat(row.get(1)).startsWith("PostgreSQL 17");
                    assertThat(Long.parseLong(row.get(2))).isPositive();
                })
                .verifyComplete();
    }

    @Test
    void createsOneDatabasePerService() {
        var names = database.sql("select datname from pg_database")
                .map(row -> row.get("datname", String.class))
                .all()
                .collectList();

        StepVerifier.create(names)
                .assertNext(list -> assertThat(list).contains("auth", "catalog", "cart", "payment"))
                .verifyComplete();
    }

    @Test
    void connectsReactiveRedisToTheRealServer() {
        var key = "fixture:" + UUID.randomUUID();

        StepVerifier.create(redis.opsForValue()
                        .set(key, "value", Duration.ofMinutes(1))
                        .then(redis.opsForValue().get(key)))
                .expectNext("value")
                .verifyComplete();
    }

    @Test
    void createsTheContractTopicsUpFrontAndRefusesUnknownOnes() throws Exception {
        try (var producer = producer()) {
            var sent = producer.send(new ProducerRecord<>("orders.v1", "key", "value"))
                    .get(10, TimeUnit.SECONDS);
            assertThat(sent.topic()).isEqualTo("orders.v1");

            // auto-creation is off: a typo in a topic name fails instead of creating a new topic
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("no-such-topic", "key", "value"))
                            .get(10, TimeUnit.SECONDS))
                    .hasMessageContaining("no-such-topic");
        }
    }

    @Test
    void keepsItsDataAcrossAPostgresRestartAndTheR2dbcPoolConnectsAgain() {
        var id = UUID.randomUUID();
        database.sql("create table if not exists restart_note (id uuid primary key)")
                .then()
                .then(database.sql("insert into restart_note (id) values (:id)")
                        .bind("id", id)
                        .then())
                .block(Duration.ofSeconds(10));

        SharedLocalStack.get().postgres().restart();

        var found = database.sql("select count(*) as found from restart_note where id = :id")
                .bind("id", id)
                .map(row -> row.get("found", Long.class))
                .one();
        StepVerifier.create(found).expectNext(1L).verifyComplete();
    }

    @Test
    void keepsMessagesAcrossABrokerStopAndRestart() throws Exception {
        var kafka = SharedLocalStack.get().kafka();
        var before = "before-" + UUID.randomUUID();
        var after = "after-" + UUID.randomUUID();
        try (var producer = producer()) {
            producer.send(new ProducerRecord<>("users.v1", before, before)).get(10, TimeUnit.SECONDS);
        }

        kafka.stop();
        try (var producer = producer()) {
            assertThat(kafka.isRunning()).isFalse();
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("users.v1", "k", "while-down"))
                            .get(10, TimeUnit.SECONDS))
                    .as("nothing answers while the broker is down")
                    .isNotNull();
        } finally {
            kafka.start();
        }

        try (var producer = producer()) {
            producer.send(new ProducerRecord<>("users.v1", after, after)).get(30, TimeUnit.SECONDS);
        }
        assertThat(readAll("users.v1")).contains(before, after).doesNotContain("while-down");
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        SharedLocalStack.get().kafka().bootstrapServers(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    }

    private static List<String> readAll(String topic) {
        var values = new ArrayList<String>();
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedLocalStack.get().kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "fixture-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            var deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            var emptyPolls = 0;
            while (System.nanoTime() < deadline && (values.isEmpty() || emptyPolls < 3)) {
                var records = consumer.poll(Duration.ofMillis(500));
                emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
                records.forEach(record -> values.add(record.value()));
            }
        }
        return values;
    }
}
