package dev.shop.common.outbox;

import dev.shop.common.lifecycle.DatabaseNotifications;
import dev.shop.common.messaging.DeadLetterCustomizer;
import dev.shop.common.messaging.EventBindings;
import dev.shop.common.messaging.EventHandlers;
import dev.shop.common.messaging.IdempotentConsumer;
import dev.shop.common.messaging.MessagingProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.api.Location;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration;
import org.springframework.cloud.stream.binder.kafka.ListenerContainerWithDlqAndRetryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outbox, its relay, the idempotent consumer and the service's event consumers, for every service with an R2DBC
 * database and Kafka. The outbox and consumed-event tables come with common's Flyway migrations.
 */
@AutoConfiguration(
        after = {
            R2dbcAutoConfiguration.class,
            R2dbcTransactionManagerAutoConfiguration.class,
            KafkaAutoConfiguration.class
        })
@ConditionalOnClass({DatabaseClient.class, KafkaTemplate.class})
@ConditionalOnBean({ConnectionFactory.class, ReactiveTransactionManager.class, KafkaProperties.class})
@EnableConfigurationProperties({OutboxProperties.class, MessagingProperties.class})
public class EventingAutoConfiguration {

    /** Where common's outbox and consumed-event migrations live; added to the service's Flyway locations. */
    public static final String MIGRATIONS = "classpath:db/shop-common";

    private final String serviceName;

    EventingAutoConfiguration(Environment environment, MessagingProperties messaging) {
        this.serviceName = group(environment, messaging);
    }

    /** The consumer group, which also names the outbox's relay: {@code shop.events.group} or the application's name. */
    static String group(Environment environment, MessagingProperties messaging) {
        var group = messaging.group() != null ? messaging.group() : environment.getProperty("spring.application.name");
        if (group == null || group.isBlank()) {
            throw new IllegalStateException(
                    "Set spring.application.name (or shop.events.group): it names the consumer group and the outbox");
        }
        return group;
    }

    @Bean
    @ConditionalOnMissingBean(name = "shopEventKafkaTemplate")
    KafkaTemplate<String, byte[]> shopEventKafkaTemplate(
            KafkaProperties kafka,
            KafkaConnectionDetails connection,
            OutboxProperties outbox,
            ObjectProvider<MeterRegistry> meters) {
        var config = new HashMap<>(kafka.buildProducerProperties());
        config.put(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                connection.getProducer().getBootstrapServers());
        // never lose or duplicate a record inside the producer, and never block a caller for long
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) outbox.maxBlock().toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int)
                outbox.sendTimeout().toMillis());
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        var factory = new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new ByteArraySerializer());
        meters.ifAvailable(registry -> factory.addListener(new MicrometerProducerListener<>(registry)));
        // no observation here: a record carries the trace context of the work that wrote its outbox row (the row's
        // traceparent), not that of the relay that happens to publish it
        return new KafkaTemplate<>(factory);
    }

    @Bean
    @ConditionalOnMissingBean
    OutboxWriter outboxWriter(
            ConnectionFactory connectionFactory,
            JsonMapper json,
            ObjectProvider<Clock> clock,
            ObjectProvider<TraceparentSource> traceparent) {
        return new OutboxWriter(
                DatabaseClient.create(connectionFactory),
                json,
                clock.getIfAvailable(Clock::systemUTC),
                traceparent.getIfAvailable(() -> TraceparentSource.NONE));
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "shop.outbox", name = "enabled", havingValue = "true", matchIfMissing = true)
    OutboxRelay outboxRelay(
            ConnectionFactory connectionFactory,
            ReactiveTransactionManager transactionManager,
            KafkaTemplate<String, byte[]> shopEventKafkaTemplate,
            OutboxProperties properties,
            ObjectProvider<MeterRegistry> meters,
            ObjectProvider<DatabaseNotifications> notifications) {
        return new OutboxRelay(
                DatabaseClient.create(connectionFactory),
                TransactionalOperator.create(transactionManager),
                shopEventKafkaTemplate,
                properties,
                serviceName,
                meters.getIfAvailable(SimpleMeterRegistry::new),
                notifications.stream()
                        .findFirst()
                        .<Flux<?>>map(listener -> listener.on(OutboxRelay.CHANNEL))
                        .orElse(Flux.never()));
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "shop.outbox", name = "enabled", havingValue = "true", matchIfMissing = true)
    OutboxCleanup outboxCleanup(
            ConnectionFactory connectionFactory, OutboxProperties properties, ObjectProvider<Clock> clock) {
        return new OutboxCleanup(
                DatabaseClient.create(connectionFactory), properties, clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "shop.outbox", name = "enabled", havingValue = "true", matchIfMissing = true)
    OutboxGauges outboxGauges(
            ConnectionFactory connectionFactory,
            OutboxProperties properties,
            ObjectProvider<MeterRegistry> meters,
            ObjectProvider<Clock> clock) {
        return new OutboxGauges(
                DatabaseClient.create(connectionFactory),
                properties,
                meters.getIfAvailable(SimpleMeterRegistry::new),
                clock.getIfAvailable(Clock::systemUTC));
    }

    /**
     * PostgreSQL notifications of the service's database: the outbox's, for its relay. A service whose jobs wait for
     * notifications of their own declares this bean itself, with the outbox's channel among its channels.
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnClass(name = "io.r2dbc.postgresql.api.PostgresqlConnection")
    @ConditionalOnProperty(prefix = "shop.outbox", name = "enabled", havingValue = "true", matchIfMissing = true)
    DatabaseNotifications databaseNotifications(ConnectionFactory connectionFactory) {
        return new DatabaseNotifications(connectionFactory, List.of(OutboxRelay.CHANNEL));
    }

    @Bean
    @ConditionalOnMissingBean
    IdempotentConsumer idempotentConsumer(
            ConnectionFactory connectionFactory, ReactiveTransactionManager transactionManager) {
        return new IdempotentConsumer(
                DatabaseClient.create(connectionFactory), TransactionalOperator.create(transactionManager));
    }

    /**
     * The consuming side, on Spring Cloud Stream's Kafka binder: each {@link EventHandlers} bean is a consumer
     * function bound to its topic (see {@link EventBindings}); retries and dead letters are the listener containers'
     * ({@link DeadLetterCustomizer}). The binder brings the Kafka clients' metrics, consumer lag among them.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ListenerContainerWithDlqAndRetryCustomizer.class)
    @ConditionalOnBean(EventHandlers.class)
    static class Consumers {

        @Bean
        @ConditionalOnMissingBean
        EventBindings eventBindings(
                Map<String, EventHandlers> handlers,
                Environment environment,
                MessagingProperties properties,
                IdempotentConsumer idempotentConsumer,
                JsonMapper json,
                ObjectProvider<MeterRegistry> meters,
                ObjectProvider<ObservationRegistry> observations) {
            return new EventBindings(
                    handlers,
                    environment,
                    group(environment, properties),
                    idempotentConsumer,
                    json,
                    properties,
                    meters.getIfAvailable(SimpleMeterRegistry::new),
                    observations.getIfAvailable(() -> ObservationRegistry.NOOP));
        }

        @Bean
        @ConditionalOnMissingBean(ListenerContainerWithDlqAndRetryCustomizer.class)
        DeadLetterCustomizer shopDeadLetterCustomizer(
                KafkaTemplate<String, byte[]> shopEventKafkaTemplate, ObjectProvider<MeterRegistry> meters) {
            return new DeadLetterCustomizer(shopEventKafkaTemplate, meters.getIfAvailable(SimpleMeterRegistry::new));
        }
    }

    /** The Kafka clients' metrics an operator watches, each series once (see {@link KafkaClientMeters}). */
    @Bean
    MeterFilter shopKafkaClientMetrics(ObjectProvider<EventHandlers> handlers) {
        return new KafkaClientMeters(
                () -> handlers.orderedStream().map(EventHandlers::topic).toList());
    }

    /** The trace context of Micrometer Tracing, where a service has it. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Tracer.class)
    static class Tracing {

        @Bean
        @ConditionalOnBean(Tracer.class)
        @ConditionalOnMissingBean
        TraceparentSource tracerTraceparentSource(Tracer tracer) {
            return new TracerTraceparentSource(tracer);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({FlywayConfigurationCustomizer.class, Location.class})
    static class CommonMigrations {

        @Bean
        FlywayConfigurationCustomizer shopCommonMigrations() {
            return configuration -> {
                var locations = new java.util.ArrayList<>(List.of(configuration.getLocations()));
                var common = new Location(MIGRATIONS);
                if (!locations.contains(common)) {
                    locations.add(common);
                }
                configuration.locations(locations.toArray(Location[]::new));
                // common's migrations are numbered 0.x, below every service's own: one added in a later release comes
                // after the service's latest and must still be applied to a database that has those
                configuration.outOfOrder(true);
            };
        }
    }
}
