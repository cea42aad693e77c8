package dev.shop.common.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KafkaClientMetersTest {

    private final AtomicInteger topicLookups = new AtomicInteger();
    private final KafkaClientMeters filter = new KafkaClientMeters(() -> {
        topicLookups.incrementAndGet();
        return List.of("orders.v1", "payments.v1", "plain_topic");
    });

    @Test
    void keepsTheLagOfATopicUnderItsOwnNameAndDropsTheDeprecatedUnderscoreForm() {
        assertThat(reply("kafka.consumer.fetch.manager.records.lag", "orders.v1"))
                .isEqualTo(MeterFilterReply.NEUTRAL);
        assertThat(reply("kafka.consumer.fetch.manager.records.lag", "orders_v1"))
                .isEqualTo(MeterFilterReply.DENY);
        assertThat(reply("kafka.consumer.fetch.manager.records.lag.max", "payments_v1"))
                .isEqualTo(MeterFilterReply.DENY);
        assertThat(reply("kafka.consumer.fetch.manager.records.consumed.rate", "payments.v1"))
                .isEqualTo(MeterFilterReply.NEUTRAL);
    }

    @Test
    void keepsATopicWhoseOwnNameHasNoPeriod() {
        assertThat(reply("kafka.consumer.fetch.manager.records.lag", "plain_topic"))
                .isEqualTo(MeterFilterReply.NEUTRAL);
    }

    @Test
    void dropsTheKafkaMetricsNobodyWatchesAndLeavesOthersAlone() {
        assertThat(reply("kafka.consumer.fetch.manager.fetch.latency.avg", null))
                .isEqualTo(MeterFilterReply.DENY);
        assertThat(reply("kafka.producer.record.send.rate", null)).isEqualTo(MeterFilterReply.NEUTRAL);
        assertThat(reply("kafka.consumer.coordinator.rebalance.rate.per.hour", null))
                .isEqualTo(MeterFilterReply.NEUTRAL);
        assertThat(reply("http.server.requests", null)).isEqualTo(MeterFilterReply.NEUTRAL);
    }

    @Test
    void asksForTheTopicsOnceAndOnlyWhenAKafkaMeterComes() {
        reply("jvm.memory.used", null);
        assertThat(topicLookups).hasValue(0);
        reply("kafka.consumer.fetch.manager.records.lag", "orders.v1");
        reply("kafka.consumer.fetch.manager.records.lag", "orders_v1");
        assertThat(topicLookups).hasValue(1);
    }

    private MeterFilterReply reply(String name, String topic) {
        Tags tags = topic == null ? Tags.empty() : Tags.of("topic", topic, "partition", "0");
        return filter.accept(new Meter.Id(name, tags, null, null, Meter.Type.GAUGE));
    }
}
