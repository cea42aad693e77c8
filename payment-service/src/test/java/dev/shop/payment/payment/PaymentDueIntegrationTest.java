package dev.shop.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shop.common.events.Money;
import dev.shop.common.events.cart.PaymentRequested;
import dev.shop.common.events.payment.PaymentFailureReason;
import dev.shop.common.outbox.EventingAutoConfiguration;
import dev.shop.localstack.test.SharedLocalStack;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * What the pending-payment sweep sleeps by, on a database of its own: how long until the earliest next attempt, and the
 * notification when a payment's next attempt moves earlier.
 */
class PaymentDueIntegrationTest {

    private static final Duration BLOCK = Duration.ofSeconds(10);

    private PaymentRepository payments;
    private DatabaseClient database;
    private Connection listener;
    private int notified;

    @BeforeEach
    void freshDatabase() throws Exception {
        var postgres = SharedLocalStack.get().postgres();
        String name =
                "payment_due_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        postgres.createDatabase(name);
        Flyway.configure()
                .dataSource(postgres.jdbcUrl(name), postgres.username(), "")
                .locations("classpath:db/migration", EventingAutoConfiguration.MIGRATIONS)
                .outOfOrder(true)
                .load()
                .migrate();
        database = DatabaseClient.create(ConnectionFactories.get(ConnectionFactoryOptions.parse(postgres.r2dbcUrl(name))
                .mutate()
                .option(ConnectionFactoryOptions.USER, postgres.username())
                .build()));
        payments = new PaymentRepository(database);
        listener = DriverManager.getConnection(postgres.jdbcUrl(name), postgres.username(), "");
        try (var statement = listener.createStatement()) {
            statement.execute("listen " + PendingPayments.CHANNEL);
        }
    }

    @AfterEach
    void closeListener() throws Exception {
        listener.close();
    }

    @Test
    void nothingIsPlannedWhileNoPaymentIsPendingOrOwesARefund() {
        assertThat(payments.untilNextAttempt().blockOptional(BLOCK)).isEmpty();

        var id = pendingPayment();
        succeed(payments.claim(id, Duration.ofMinutes(2)).block(BLOCK));

        assertThat(payments.untilNextAttempt().blockOptional(BLOCK))
                .as("a succeeded payment")
                .isEmpty();
    }

    @Test
    void aPostponedPaymentIsPlannedForTheEndOfItsBackoffAndNotified() throws Exception {
        var id = pendingPayment();
        assertThat(payments.untilNextAttempt().block(BLOCK)).as("due at once").isZero();
        payments.claim(id, Duration.ofMinutes(2)).block(BLOCK);
        assertThat(notified()).as("a claim moves the next attempt later").isZero();
        assertThat(payments.untilNextAttempt().block(BLOCK)).isBetween(Duration.ofSeconds(100), Duration.ofMinutes(2));

        payments.postpone(id, Duration.ofSeconds(30), "the provider is away").block(BLOCK);

        await("postponed: earlier than the lease").atMost(BLOCK).until(() -> notified() == 1);
        assertThat(payments.untilNextAttempt().block(BLOCK)).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(30));
    }

    @Test
    void aRefundOwedByACancellationIsDueAtOnceAndNotified() throws Exception {
        var orderId = UUID.randomUUID();
        var id = pendingPayment(orderId);
        var succeeded = succeed(payments.claim(id, Duration.ofMinutes(2)).block(BLOCK));
        assertThat(notified()).as("a success without a refund owed").isZero();

        payments.change(succeeded, Payment::orderCancelled).block(BLOCK);

        await().atMost(BLOCK).until(() -> notified() == 1);
        assertThat(payments.untilNextAttempt().block(BLOCK)).isZero();
    }

    @Test
    void anAdminsRefundIsHeldByItsWorkerAndPlannedForTheEndOfTheLease() throws Exception {
        var id = pendingPayment(UUID.randomUUID());
        var succeeded = succeed(payments.claim(id, Duration.ofMinutes(2)).block(BLOCK));

        assertThat(payments.change(succeeded, Payment::refundAsked, Duration.ofMinutes(2), null)
                        .block(BLOCK))
                .isNotNull();

        // the sweep is woken, finds nothing it may take, and plans for the lease's end
        await().atMost(BLOCK).until(() -> notified() == 1);
        assertThat(payments.untilNextAttempt().block(BLOCK)).isBetween(Duration.ofSeconds(100), Duration.ofMinutes(2));
        assertThat(payments.claimDueRefunds(10, Duration.ofMinutes(2))
                        .collectList()
                        .block(BLOCK))
                .as("held by the first worker")
                .isEmpty();
    }

    @Test
    void aChangeDecidedOnAnOlderVersionIsDecidedAgainOnThePaymentAsStored() {
        var orderId = UUID.randomUUID();
        var claimed =
                payments.claim(pendingPayment(orderId), Duration.ofMinutes(2)).block(BLOCK);
        var succeeded = succeed(claimed);
        assertThat(succeeded.version()).isEqualTo(claimed.version() + 1);

        assertThat(payments.change(claimed, payment -> payment.failed(PaymentFailureReason.PAYMENT_FAILED))
                        .blockOptional(BLOCK))
                .as("a failure decided on the pending payment, which succeeded meanwhile")
                .isEmpty();
        var cancelled = payments.change(claimed, Payment::orderCancelled).block(BLOCK);

        assertThat(cancelled.before()).as("decided again on the stored payment").isEqualTo(succeeded);
        var stored = payments.findById(claimed.id()).block(BLOCK);
        assertThat(stored).isEqualTo(cancelled.after());
        assertThat(stored.status()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(stored.owesRefund()).as("cancelled after it succeeded").isTrue();
        assertThat(stored.version()).isEqualTo(claimed.version() + 2);
    }

    @Test
    void claimsAndPostponementsLeaveTheVersionAlone() {
        var id = pendingPayment();
        var claimed = payments.claim(id, Duration.ofMinutes(2)).block(BLOCK);
        payments.postpone(id, Duration.ofSeconds(30), "the provider is away").block(BLOCK);

        assertThat(payments.findById(id).block(BLOCK).version()).isEqualTo(claimed.version());
        assertThat(succeed(claimed).status()).isEqualTo(PaymentStatus.SUCCEEDED);
    }

    private Payment succeed(Payment claimed) {
        return payments.change(claimed, Payment::succeeded).block(BLOCK).after();
    }

    private UUID pendingPayment() {
        return pendingPayment(UUID.randomUUID());
    }

    private UUID pendingPayment(UUID orderId) {
        var id = UUID.randomUUID();
        var request = new PaymentRequested(orderId, "user-1", new Money(1999, "EUR"), "pm_card_visa");
        assertThat(payments.insertPending(id, request).block(BLOCK)).isTrue();
        return id;
    }

    /** The notifications received so far (each statement above commits on its own). */
    private int notified() throws Exception {
        try (var statement = listener.createStatement()) {
            statement.execute("select 1"); // notifications come in with an exchange with the server
        }
        var received = listener.unwrap(PGConnection.class).getNotifications();
        notified += received == null ? 0 : received.length;
        return notified;
    }
}
