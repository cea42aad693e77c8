package dev.shop.cart.mail;

import dev.shop.cart.order.OrderEvents;
import dev.shop.common.lifecycle.DatabaseNotifications;
import dev.shop.common.outbox.OutboxRelay;
import io.r2dbc.spi.ConnectionFactory;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The database notifications cart-service listens to, on one connection: the outbox relay's, the mail job's, and the
 * order streams' (which order moved).
 */
@Configuration(proxyBeanMethods = false)
class MailNotifications {

    @Bean
    DatabaseNotifications databaseNotifications(ConnectionFactory connections) {
        return new DatabaseNotifications(
                connections, List.of(OutboxRelay.CHANNEL, MailJob.CHANNEL, OrderEvents.CHANNEL));
    }
}
