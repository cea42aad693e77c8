package dev.shop.common.outbox;

import dev.shop.common.messaging.EventConsumers;
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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
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
        var group = messaging.group() != null ? messaging.group() : environment.getProperty("spring.application.name");
        if (group == null || group.isBlank()) {
            throw new IllegalStateException(
                    "Set spring.application.name (or shop.events.group): it names the consumer group and the outbox");
        }
        this.serviceName = group;
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
            ObjectProvider<Clock> clock) {
        return new OutboxRelay(
                DatabaseClient.create(connectionFactory),
                TransactionalOperator.create(transactionManager),
                shopEventKafkaTemplate,
                properties,
                serviceName,
                meters.getIfAvailable(SimpleMeterRegistry::new),
                clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    @ConditionalOnMissingBean
    IdempotentConsumer idempotentConsumer(
            ConnectionFactory connectionFactory, ReactiveTransactionManager transactionManager) {
        return new IdempotentConsumer(
                DatabaseClient.create(connectionFactory), TransactionalOperator.create(transactionManager));
    }

    @Bean
    @ConditionalOnBean(EventHandlers.class)
    @ConditionalOnMissingBean
    EventConsumers eventConsumers(
            List<EventHandlers> topics,
            KafkaProperties kafka,
            KafkaConnectionDetails connection,
            KafkaTemplate<String, byte[]> shopEventKafkaTemplate,
            IdempotentConsumer idempotentConsumer,
            JsonMapper json,
            MessagingProperties properties,
            ObjectProvider<MeterRegistry> meters,
            ObjectProvider<ObservationRegistry> observations) {
        var config = new HashMap<>(kafka.buildConsumerProperties());
        config.put(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                connection.getConsumer().getBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, serviceName);
        // a new consumer group starts from the beginning: events published before its first start still count
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        var factory = new DefaultKafkaConsumerFactory<String, byte[]>(
                config, new StringDeserializer(), new ByteArrayDeserializer());
        var registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        // the Kafka client's own metrics, consumer lag among them (kafka_consumer_fetch_manager_records_lag_max)
        factory.addListener(new MicrometerConsumerListener<>(registry));
        return new EventConsumers(
                topics,
                serviceName,
                factory,
                shopEventKafkaTemplate,
                idempotentConsumer,
                json,
                properties,
                registry,
                observations.getIfAvailable(() -> ObservationRegistry.NOOP));
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
            };
        }
    }
}
