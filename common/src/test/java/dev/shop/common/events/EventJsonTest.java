package dev.shop.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shop.common.events.cart.OrderPlaced;
import dev.shop.common.events.catalog.ProductUpserted;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class EventJsonTest {

    // strict defaults (unknown properties fail), so the annotation on the records is what ignores them
    private final JsonMapper mapper = JsonMapper.builder().findAndAddModules().build();

    static final List<ShopEvent> events = SampleEvents.all();

    @ParameterizedTest
    @FieldSource("events")
    void survivesAJsonRoundTrip(ShopEvent event) {
        String json = mapper.writeValueAsString(event);

        assertThat(mapper.readValue(json, event.getClass())).isEqualTo(event);
    }

    @ParameterizedTest
    @FieldSource("events")
    void leavesTheKafkaKeyOutOfThePayload(ShopEvent event) {
        JsonNode json = mapper.valueToTree(event);

        assertThat(json.has("key")).isFalse();
    }

    @ParameterizedTest
    @FieldSource("events")
    void ignoresFieldsANewerProducerAdds(ShopEvent event) {
        ObjectNode json = mapper.valueToTree(event);
        json.put("addedInVersion2", "whatever");
        json.putObject("nested").put("deeper", 1);

        assertThat(mapper.treeToValue(json, event.getClass())).isEqualTo(event);
    }

    @Test
    void ignoresUnknownFieldsInNestedLinesToo() {
        OrderPlaced event = (OrderPlaced) events.stream()
                .filter(OrderPlaced.class::isInstance)
                .findFirst()
                .orElseThrow();
        ObjectNode json = mapper.valueToTree(event);
        ((ObjectNode) json.get("lines").get(0)).put("discount", 5);

        assertThat(mapper.treeToValue(json, OrderPlaced.class)).isEqualTo(event);
    }

    @Test
    void writesMoneyAsAmountAndCurrency() {
        ProductUpserted event =
                new ProductUpserted(SampleEvents.PRODUCT_ID, "SKU-1", "Pen", new Money(1999, "EUR"), 3, true, 1);

        JsonNode price = mapper.valueToTree(event).get("price");

        assertThat(price.get("amount").asLong()).isEqualTo(1999);
        assertThat(price.get("currency").asString()).isEqualTo("EUR");
    }

    @Test
    void readsAProductWithoutAnImageFromAnEventWrittenBeforeImagesExisted() throws Exception {
        var event = mapper.readValue("""
                {"productId":"%s","sku":"SKU-1","name":"Pen","price":{"amount":1999,"currency":"EUR"},
                 "availableStock":3,"active":true,"version":1}""".formatted(SampleEvents.PRODUCT_ID), ProductUpserted.class);

        assertThat(event.imageUrl()).isNull();
        assertThat(event)
                .isEqualTo(new ProductUpserted(
                        SampleEvents.PRODUCT_ID, "SKU-1", "Pen", new Money(1999, "EUR"), 3, true, 1));
    }

    @Test
    void refusesAnEventWithoutItsId() {
        ObjectNode json = mapper.valueToTree(events.getFirst());
        json.remove("productId");

        assertThatThrownBy(() -> mapper.treeToValue(json, ProductUpserted.class))
                .hasRootCauseInstanceOf(NullPointerException.class);
    }
}
