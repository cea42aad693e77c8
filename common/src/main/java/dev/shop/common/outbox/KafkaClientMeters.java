package dev.shop.common.outbox;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.Collection;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Of the Kafka clients' own metrics (a few hundred series per service: per client, node, topic and partition), only
 * those an operator watches: consumer lag and throughput, rebalances, producer sends and errors. The consumer's fetch
 * metrics of a topic with a period in its name come twice from Kafka 4: tagged {@code topic="orders.v1"} and, the
 * deprecated form, {@code topic="orders_v1"}; the second is dropped, so that a sum over topics counts each once.
 */
final class KafkaClientMeters implements MeterFilter {

    static final Set<String> KEPT = Set.of(
            "kafka.consumer.fetch.manager.records.lag.max",
            "kafka.consumer.fetch.manager.records.lag",
            "kafka.consumer.fetch.manager.records.consumed.rate",
            "kafka.consumer.coordinator.rebalance.rate.per.hour",
            "kafka.producer.record.send.rate",
            "kafka.producer.record.error.rate",
            "kafka.producer.request.latency.avg");

    private final Supplier<? extends Collection<String>> topics;
    private volatile Set<String> deprecatedTags;

    /** {@code topics}: the topics this service consumes, asked for when the first Kafka meter comes. */
    KafkaClientMeters(Supplier<? extends Collection<String>> topics) {
        this.topics = topics;
    }

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        if (!id.getName().startsWith("kafka.")) {
            return MeterFilterReply.NEUTRAL;
        }
        if (!KEPT.contains(id.getName())) {
            return MeterFilterReply.DENY;
        }
        String topic = id.getTag("topic");
        return topic != null && deprecatedTags().contains(topic) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
    }

    private Set<String> deprecatedTags() {
        Set<String> tags = deprecatedTags;
        if (tags == null) {
            tags = topics.get().stream()
                    .filter(topic -> topic.indexOf('.') >= 0)
                    .map(topic -> topic.replace('.', '_'))
                    .collect(Collectors.toUnmodifiableSet());
            deprecatedTags = tags;
        }
        return tags;
    }
}
