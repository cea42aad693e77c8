package dev.shop.payment;

import dev.shop.common.events.EventMetadata;
import dev.shop.common.events.EventTypes;
import dev.shop.common.events.Money;
import dev.shop.common.events.ShopEvent;
import dev.shop.common.events.cart.PaymentRequested;
import dev.shop.localstack.test.SharedLocalStack;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/** Publishes the order saga's events on the real broker as cart-service does: JSON body, CloudEvents headers. */
public final class OrdersTopic {

    private static @Nullable OrdersTopic shared;

    private final KafkaProducer<String, byte[]> producer;
    private final JsonMapper json = JsonMapper.builder().build();

    private OrdersTopic(String bootstrapServers) {
        producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    public static synchronized OrdersTopic get() {
        if (shared == null) {
            shared = new OrdersTopic(SharedLocalStack.get().kafka().bootstrapServers());
        }
        return shared;
    }

    /** A new order's {@code PaymentRequested}, published once; returns the order id. */
    public UUID requestPayment(long amount, String paymentMethod) {
        return requestPayment(UUID.randomUUID(), amount, paymentMethod);
    }

    /** The {@code PaymentRequested} of the order {@code orderId}, published once; returns the order id. */
    public UUID requestPayment(UUID orderId, long amount, String paymentMethod) {
        var request =
                new PaymentRequested(orderId, "user-" + UUID.randomUUID(), new Money(amount, "EUR"), paymentMethod);
        publish(request, EventMetadata.newFor(request, Instant.now(), null));
        return request.orderId();
    }

    /** Publishes {@code event} once, with new attributes. */
    public void publish(ShopEvent event) {
        publish(event, EventMetadata.newFor(event, Instant.now(), null));
    }

    /** Publishes {@code event} with exactly these attributes (the same {@code ce_id} twice is a redelivery). */
    public void publish(ShopEvent event, EventMetadata metadata) {
        send(new ProducerRecord<>(EventTypes.of(event).topic(), event.key(), json.writeValueAsBytes(event)), metadata);
    }

    /** A message with the CloudEvents attributes of a {@code type} event about {@code key}, and whatever payload. */
    public void publishRaw(Class<? extends ShopEvent> type, String key, UUID eventId, String payload) {
        var eventType = EventTypes.of(type);
        var metadata =
                new EventMetadata(eventId.toString(), eventType.type(), eventType.source(), Instant.now(), key, null);
        send(new ProducerRecord<>(eventType.topic(), key, payload.getBytes(StandardCharsets.UTF_8)), metadata);
    }

    private void send(ProducerRecord<String, byte[]> record, EventMetadata metadata) {
        metadata.toHeaders()
                .forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        try {
            producer.send(record).get(10, TimeUnit.SECONDS); // the test's thread, not an event loop
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + record.topic(), e);
        }
    }
}
