package dev.shop.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shop.common.events.cart.OrderPlaced;
import dev.shop.common.events.catalog.StockReserved;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.util.ClassUtils;

class EventTypesTest {

    private static final Set<String> TOPICS =
            Set.of("catalog.products.v1", "orders.v1", "inventory.v1", "payments.v1", "users.v1");

    @Test
    void registersEveryEventClassExactlyOnce() {
        List<Class<?>> registered =
                EventTypes.all().stream().map(EventType::eventClass).collect(Collectors.toList());

        assertThat(registered).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(eventClassesOnClasspath());
    }

    @Test
    void hasASampleOfEveryRegisteredEventForTheJsonTests() {
        assertThat(SampleEvents.all().stream().map(Object::getClass))
                .containsExactlyInAnyOrderElementsOf(
                        EventTypes.all().stream().map(EventType::eventClass).toList());
    }

    @Test
    void givesEveryEventAContractTopicAndItsProducersTypeAndSource() {
        for (EventType type : EventTypes.all()) {
            String producer = type.eventClass().getPackageName().substring("dev.shop.common.events.".length());
            assertThat(type.topic()).as(type.type()).isIn(TOPICS);
            assertThat(type.type())
                    .isEqualTo("dev.shop." + producer + "." + type.eventClass().getSimpleName());
            assertThat(type.source()).isEqualTo("/" + producer + "-service");
        }
    }

    @Test
    void publishesTheSagaEventsOnTheirTopics() {
        assertThat(EventTypes.of(OrderPlaced.class).topic()).isEqualTo(Topics.ORDERS);
        assertThat(EventTypes.of(StockReserved.class).topic()).isEqualTo(Topics.INVENTORY);
        assertThat(EventTypes.onTopic(Topics.PAYMENTS)).hasSize(3);
    }

    @Test
    void findsAnEventByItsCloudEventsType() {
        assertThat(EventTypes.forType("dev.shop.cart.OrderPlaced"))
                .map(EventType::eventClass)
                .contains(OrderPlaced.class);
    }

    @Test
    void findsNothingForAnUnknownType() {
        assertThat(EventTypes.forType("dev.shop.cart.OrderTeleported")).isEmpty();
    }

    @Test
    void refusesAnUnregisteredEventClass() {
        record Unregistered(String id) implements ShopEvent {
            @Override
            public String key() {
                return id;
            }
        }

        assertThatThrownBy(() -> EventTypes.of(new Unregistered("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unregistered");
    }

    @Test
    void namesDeadLetterTopicsAfterTopicAndGroup() {
        assertThat(Topics.deadLetter(Topics.ORDERS, "catalog-service")).isEqualTo("orders.v1.catalog-service.dlq");
    }

    private static List<Class<?>> eventClassesOnClasspath() {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AssignableTypeFilter(ShopEvent.class));
        return scanner.findCandidateComponents("dev.shop.common.events").stream()
                .map(BeanDefinition::getBeanClassName)
                .map(name -> ClassUtils.resolveClassName(name, EventTypesTest.class.getClassLoader()))
                .filter(type -> !type.isInterface() && !type.isLocalClass())
                .collect(Collectors.toList());
    }
}
