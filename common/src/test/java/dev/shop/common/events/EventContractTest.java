package dev.shop.common.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.common.events.payment.PaymentSucceeded;
import dev.shop.common.test.EventContract;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The AsyncAPI document ({@code docs/asyncapi}) and the event classes describe the same events: every registered
 * event has a message on its topic with its {@code ce_type} and {@code ce_source}, every message has an event, and a
 * populated event of each class, with the headers the relay writes, conforms to its message's schemas. The events the
 * integration tests see on the broker are checked against the same document as they are read ({@code EventLog}).
 */
class EventContractTest {

    // as the services' mapper writes events into the outbox
    private final JsonMapper mapper = JsonMapper.builder().findAndAddModules().build();

    static final List<ShopEvent> events = SampleEvents.all();

    @Test
    void everyEventClassHasAMessageAndEveryMessageAnEventClass() {
        assertThat(EventContract.get().messages().keySet())
                .containsExactlyInAnyOrderElementsOf(
                        EventTypes.all().stream().map(EventType::type).toList());
    }

    @Test
    void everyMessageIsOnItsEventsTopic() {
        for (EventType type : EventTypes.all()) {
            var message = EventContract.get().messages().get(type.type());
            assertThat(message.topic()).as(type.type()).isEqualTo(type.topic());
            assertThat(message.name()).isEqualTo(type.eventClass().getSimpleName());
        }
    }

    @ParameterizedTest
    @FieldSource("events")
    void aPopulatedEventWithTheRelaysHeadersConforms(ShopEvent event) {
        var type = EventTypes.of(event);

        assertThat(EventContract.get().violations(type.topic(), headers(type), mapper.writeValueAsString(event)))
                .isEmpty();
    }

    @ParameterizedTest
    @FieldSource("events")
    void anEventWithoutItsTraceparentDoesNotConform(ShopEvent event) {
        var type = EventTypes.of(event);
        var headers = headers(type);
        headers.remove(CloudEventHeaders.TRACEPARENT);

        assertThat(EventContract.get().violations(type.topic(), headers, mapper.writeValueAsString(event)))
                .singleElement()
                .asString()
                .contains("traceparent");
    }

    @ParameterizedTest
    @FieldSource("events")
    void dataWithAPropertyTheSchemaDoesNotKnowDoesNotConform(ShopEvent event) {
        var type = EventTypes.of(event);
        var data = mapper.valueToTree(event);
        ((tools.jackson.databind.node.ObjectNode) data).put("unexpected", 1);

        assertThat(EventContract.get().violations(type.topic(), headers(type), data.toString()))
                .singleElement()
                .asString()
                .startsWith("data: ")
                .contains("unexpected");
    }

    @Test
    void aNestedValueIsCheckedAgainstItsSharedSchema() {
        var succeeded = EventTypes.of(PaymentSucceeded.class);
        var json = """
                {"orderId": "0b8f6a3e-51d4-4b7e-9d8e-2c1f0a9b7c61", "paymentId": "9c8b7a6f-5e4d-4c3b-8a2f-1e0d9c8b7a6f",
                 "amount": {"amount": 3998, "currency": "eur"}}""";

        assertThat(EventContract.get().violations(succeeded.topic(), headers(succeeded), json))
                .singleElement()
                .asString()
                .startsWith("data: ")
                .contains("currency");
    }

    @Test
    void aTypeOnAnotherTopicOrUnknownDoesNotConform() {
        var placed = EventTypes.of(events.get(4));
        var json = mapper.writeValueAsString(events.get(4));

        assertThat(EventContract.get().violations(Topics.PAYMENTS, headers(placed), json))
                .contains(placed.type() + " belongs on " + Topics.ORDERS + ", not on " + Topics.PAYMENTS);
        var unknown = headers(placed);
        unknown.put(CloudEventHeaders.TYPE, "dev.shop.cart.OrderTeleported");
        assertThat(EventContract.get().violations(Topics.ORDERS, unknown, json))
                .containsExactly("no message of the AsyncAPI document has ce_type dev.shop.cart.OrderTeleported");
    }

    /** The headers the outbox relay writes on a record of {@code type}. */
    private static Map<String, String> headers(EventType type) {
        var headers = new LinkedHashMap<String, String>();
        headers.put(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
        headers.put(CloudEventHeaders.ID, UUID.randomUUID().toString());
        headers.put(CloudEventHeaders.TYPE, type.type());
        headers.put(CloudEventHeaders.SOURCE, type.source());
        headers.put(
                CloudEventHeaders.TIME,
                Instant.parse("2026-12-05T10:15:30.123456Z").toString());
        headers.put(CloudEventHeaders.TRACEPARENT, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        headers.put("content-type", "application/json");
        return headers;
    }
}
