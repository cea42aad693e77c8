package dev.shop.payment.payment;

import dev.shop.common.lifecycle.DatabaseNotifications;
import dev.shop.common.outbox.OutboxRelay;
import io.r2dbc.spi.ConnectionFactory;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The database notifications payment-service listens to: the outbox relay's, and the pending-payment sweep's. */
@Configuration(proxyBeanMethods = false)
class PaymentNotifications {

    @Bean
    DatabaseNotifications databaseNotifications(ConnectionFactory connections) {
        return new DatabaseNotifications(connections, List.of(OutboxRelay.CHANNEL, PendingPayments.CHANNEL));
    }
}
