package dev.shop.common.deadletter;

import dev.shop.common.deadletter.web.DeadLetterController;
import dev.shop.common.messaging.EventHandlers;
import dev.shop.common.outbox.EventingAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.Location;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dead-letter admin of a service that consumes events: its consumers' dead letters listed and replayed at
 * {@code shop.dead-letters.path} (set by the service, e.g. {@code /api/catalog/admin/dead-letters}; without it there is
 * none), with every replay kept in the {@code dead_letter_replay} table.
 */
@AutoConfiguration(after = EventingAutoConfiguration.class)
@ConditionalOnClass({KafkaTemplate.class, DatabaseClient.class})
@ConditionalOnProperty(prefix = "shop.dead-letters", name = "path")
public class DeadLetterAdminAutoConfiguration {

    /** Where the audit's table is created; added to the service's Flyway locations. */
    public static final String MIGRATIONS = "classpath:db/shop-dead-letters";

    @Bean
    @ConditionalOnMissingBean
    ReplayAudit replayAudit(DatabaseClient database) {
        return new ReplayAudit(database);
    }

    @Bean
    @ConditionalOnMissingBean
    DeadLetters deadLetters(
            List<EventHandlers> consumed,
            @Value("${shop.events.group:${spring.application.name}}") String group,
            KafkaProperties kafkaProperties,
            KafkaTemplate<String, byte[]> shopEventKafkaTemplate,
            ObjectProvider<MeterRegistry> meters,
            ReplayAudit audit,
            JsonMapper json,
            ObjectProvider<Clock> clock) {
        return new DeadLetters(
                consumed,
                group,
                kafkaProperties,
                shopEventKafkaTemplate,
                meters.getIfAvailable(SimpleMeterRegistry::new),
                audit,
                json,
                clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    DeadLetterController deadLetterController(DeadLetters deadLetters, JsonMapper json) {
        return new DeadLetterController(deadLetters, json);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({FlywayConfigurationCustomizer.class, Location.class})
    static class Migrations {

        /**
         * A repeatable migration ({@code create table if not exists}): it runs after the service's own, so a service
         * that created the table itself before (cart-service's V6) is left as it is.
         */
        @Bean
        FlywayConfigurationCustomizer shopDeadLetterMigrations() {
            return configuration -> {
                var locations = new ArrayList<>(List.of(configuration.getLocations()));
                var deadLetters = new Location(MIGRATIONS);
                if (!locations.contains(deadLetters)) {
                    locations.add(deadLetters);
                }
                configuration.locations(locations.toArray(Location[]::new));
            };
        }
    }
}
