package dev.shop.common.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;

/**
 * The records of one poll as Spring Cloud Stream's Kafka binder hands them to a batch consumer: one message whose
 * payload lists the values and whose headers list, in the same order, each record's key, partition, offset, timestamp
 * and headers. Turned back into records, so that the dispatcher sees what the broker delivered.
 */
final class EventBatches {

    private EventBatches() {}

    static List<ConsumerRecord<String, byte[]>> records(Message<List<byte[]>> batch, String topic) {
        var payloads = batch.getPayload();
        var headers = batch.getHeaders();
        List<?> keys = list(headers.get(KafkaHeaders.RECEIVED_KEY));
        List<?> partitions = list(headers.get(KafkaHeaders.RECEIVED_PARTITION));
        List<?> offsets = list(headers.get(KafkaHeaders.OFFSET));
        List<?> timestamps = list(headers.get(KafkaHeaders.RECEIVED_TIMESTAMP));
        List<?> topics = list(headers.get(KafkaHeaders.RECEIVED_TOPIC));
        List<?> converted = list(headers.get(KafkaHeaders.BATCH_CONVERTED_HEADERS));
        List<?> natives = list(headers.get(KafkaHeaders.NATIVE_HEADERS));
        var records = new ArrayList<ConsumerRecord<String, byte[]>>(payloads.size());
        for (int i = 0; i < payloads.size(); i++) {
            var recordHeaders = natives.size() > i && natives.get(i) instanceof Headers nativeHeaders
                    ? nativeHeaders
                    : headersOf(converted.size() > i ? converted.get(i) : null);
            records.add(new ConsumerRecord<>(
                    text(at(topics, i)).orElse(topic),
                    at(partitions, i) instanceof Number partition ? partition.intValue() : 0,
                    at(offsets, i) instanceof Number offset ? offset.longValue() : -1,
                    at(timestamps, i) instanceof Number timestamp ? timestamp.longValue() : -1,
                    TimestampType.CREATE_TIME,
                    ConsumerRecord.NULL_SIZE,
                    ConsumerRecord.NULL_SIZE,
                    text(at(keys, i)).orElse(null),
                    payloads.get(i),
                    recordHeaders,
                    Optional.empty()));
        }
        return records;
    }

    /** The headers the binder converted, as Kafka headers again (bytes as they were, text in UTF-8). */
    private static Headers headersOf(@Nullable Object converted) {
        var headers = new RecordHeaders();
        if (converted instanceof Map<?, ?> map) {
            map.forEach((name, value) -> {
                if (value instanceof byte[] bytes) {
                    headers.add(String.valueOf(name), bytes);
                } else if (value != null) {
                    headers.add(String.valueOf(name), String.valueOf(value).getBytes(StandardCharsets.UTF_8));
                }
            });
        }
        return headers;
    }

    private static List<?> list(@Nullable Object value) {
        return value instanceof List<?> list ? list : List.of();
    }

    private static @Nullable Object at(List<?> values, int index) {
        return values.size() > index ? values.get(index) : null;
    }

    private static Optional<String> text(@Nullable Object value) {
        if (value instanceof byte[] bytes) {
            return Optional.of(new String(bytes, StandardCharsets.UTF_8));
        }
        return value == null ? Optional.empty() : Optional.of(value.toString());
    }
}
