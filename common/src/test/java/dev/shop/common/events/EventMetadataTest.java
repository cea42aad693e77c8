package dev.shop.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shop.common.events.cart.OrderConfirmed;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventMetadataTest {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final Instant TIME = Instant.parse("2026-03-01T10:15:30.123Z");

    private final OrderConfirmed event =
            new OrderConfirmed(SampleEvents.ORDER_ID, SampleEvents.USER_ID, SampleEvents.PRICE);

    @Test
    void describesAnEventWithItsRegisteredTypeSourceAndKey() {
        EventMetadata metadata = EventMetadata.newFor(event, TIME, TRACEPARENT);

        assertThat(metadata.type()).isEqualTo("dev.shop.cart.OrderConfirmed");
        assertThat(metadata.source()).isEqualTo("/cart-service");
        assertThat(metadata.subject()).isEqualTo(SampleEvents.ORDER_ID.toString());
        assertThat(metadata.id())
                .isNotBlank()
                .isNotEqualTo(EventMetadata.newFor(event, TIME, null).id());
    }

    @Test
    void survivesAHeaderRoundTrip() {
        EventMetadata metadata = EventMetadata.newFor(event, TIME, TRACEPARENT);

        Map<String, String> headers = metadata.toHeaders();

        assertThat(headers)
                .containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_type", "dev.shop.cart.OrderConfirmed")
                .containsEntry("ce_time", "2026-03-01T10:15:30.123Z")
                .containsEntry("traceparent", TRACEPARENT);
        assertThat(EventMetadata.fromHeaders(headers)).isEqualTo(metadata);
    }

    @Test
    void leavesOutAbsentOptionalHeaders() {
        EventMetadata metadata =
                new EventMetadata("id-1", "dev.shop.auth.UserRegistered", "/auth-service", TIME, null, null);

        Map<String, String> headers = metadata.toHeaders();

        assertThat(headers).doesNotContainKeys("ce_subject", "traceparent");
        assertThat(EventMetadata.fromHeaders(headers)).isEqualTo(metadata);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ce_id", "ce_type", "ce_source", "ce_time"})
    void rejectsHeadersWithoutARequiredAttribute(String name) {
        Map<String, String> headers =
                new HashMap<>(EventMetadata.newFor(event, TIME, null).toHeaders());
        headers.remove(name);

        assertThatThrownBy(() -> EventMetadata.fromHeaders(headers))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ce_id", "ce_type"})
    void rejectsABlankIdOrType(String name) {
        Map<String, String> headers =
                new HashMap<>(EventMetadata.newFor(event, TIME, null).toHeaders());
        headers.put(name, "  ");

        assertThatThrownBy(() -> EventMetadata.fromHeaders(headers))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(name);
    }

    @Test
    void rejectsAnUnparsableTime() {
        Map<String, String> headers =
                new HashMap<>(EventMetadata.newFor(event, TIME, null).toHeaders());
        headers.put("ce_time", "yesterday");

        assertThatThrownBy(() -> EventMetadata.fromHeaders(headers))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("ce_time")
                .hasMessageContaining("yesterday");
    }
}
