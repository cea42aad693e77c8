package dev.shop.cart.mail;

import dev.shop.cart.CartProperties;
import dev.shop.common.lifecycle.DatabaseNotifications;
import dev.shop.common.lifecycle.PeriodicJob;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Sends the pending order mails (confirmations, cancellations, refunds). It sleeps until there is work: until the earliest next try it saw, sooner when
 * the database says a mail came due earlier (a trigger on {@code order_mail} notifies {@value #CHANNEL} at the commit of
 * a new mail, or of one whose next try moved earlier), and at the latest after {@code cart.mail.poll-interval}, the
 * safety net. Then it claims up to {@code batch-size} due mails in one statement ({@code FOR UPDATE SKIP LOCKED}, then moves their next try forward by {@code lease}), so
 * replicas never send the same mail at once and no transaction stays open during SMTP. {@link JavaMailSender} blocks:
 * it runs on a scheduler of its own with two threads, never on an event loop. A failed try is retried after
 * {@code retry-backoff}, doubling; after {@code max-attempts} the mail is marked {@code DEAD}, logged and counted.
 * Delivery is at least once: a replica that dies between the SMTP answer and marking the row sends it again after the
 * lease.
 */
@Component
class MailJob extends PeriodicJob {

    /** The channel the trigger on {@code order_mail} notifies (migration V8). */
    static final String CHANNEL = "shop_mail";

    private static final Logger log = LoggerFactory.getLogger(MailJob.class);
    private static final int SENDERS = 2;
    private static final Duration GATHER = Duration.ofMillis(500);

    private final DatabaseClient database;
    private final JavaMailSender sender;
    private final Clock clock;
    private final CartProperties.Mail settings;
    private final Counter sent;
    private final Counter failed;
    private final Counter dead;
    private final Flux<?> wakeUps;
    private volatile @Nullable Scheduler smtp;

    MailJob(
            DatabaseClient database,
            JavaMailSender sender,
            Clock clock,
            CartProperties properties,
            MeterRegistry meters,
            ObjectProvider<DatabaseNotifications> notifications) {
        super(
                "send the pending mails",
                properties.mail().pollInterval(),
                properties.mail().pollInterval());
        // at most one wake-up per half second: under load, the mails of many orders go in one run, not one run each
        this.wakeUps = notifications.stream()
                .findFirst()
                .<Flux<?>>map(listener -> listener.on(CHANNEL).sample(GATHER))
                .orElse(Flux.empty());
        this.database = database;
        this.sender = sender;
        this.clock = clock;
        this.settings = properties.mail();
        this.sent = Counter.builder("shop.mail.sent")
                .description("Order mails handed to the SMTP server")
                .register(meters);
        this.failed = Counter.builder("shop.mail.failures")
                .description("Failed tries to send an order mail")
                .register(meters);
        this.dead = Counter.builder("shop.mail.dead")
                .description("Order mails given up after the last try")
                .register(meters);
    }

    /** A claimed mail. */
    record PendingMail(
            UUID orderId,
            String kind,
            String recipient,
            String subject,
            String body,
            @Nullable String html,
            int attempts) {}

    @Override
    public void start() {
        smtp = Schedulers.newBoundedElastic(SENDERS, 1000, "order-mail");
        super.start();
    }

    @Override
    protected Flux<?> wakeUps() {
        return wakeUps;
    }

    @Override
    protected Mono<?> runOnce() {
        var scheduler = Objects.requireNonNull(smtp, "not started");
        return claim().flatMap(mail -> send(mail, scheduler), SENDERS).then();
    }

    @Override
    protected Mono<Duration> nextWorkIn() {
        return database.sql("select min(next_attempt_at) as next from order_mail where status = 'PENDING'")
                .map(row -> Optional.ofNullable(row.get("next", OffsetDateTime.class)))
                .one()
                .flatMap(next -> Mono.justOrEmpty(next.map(at -> Duration.between(clock.instant(), at.toInstant()))))
                .map(wait -> wait.isNegative() ? Duration.ZERO : wait);
    }

    private Flux<PendingMail> claim() {
        Instant now = clock.instant();
        return database.sql("update order_mail set next_attempt_at = :leaseUntil where (order_id, kind) in ("
                        + "select order_id, kind from order_mail where status = 'PENDING' and next_attempt_at <= :now "
                        + "order by next_attempt_at limit :limit for update skip locked) "
                        + "returning order_id, kind, recipient, subject, body, html_body, attempts")
                .bind("now", now.atOffset(ZoneOffset.UTC))
                .bind("leaseUntil", now.plus(settings.lease()).atOffset(ZoneOffset.UTC))
                .bind("limit", settings.batchSize())
                .map(row -> new PendingMail(
                        Objects.requireNonNull(row.get("order_id", UUID.class)),
                        Objects.requireNonNull(row.get("kind", String.class)),
                        Objects.requireNonNull(row.get("recipient", String.class)),
                        Objects.requireNonNull(row.get("subject", String.class)),
                        Objects.requireNonNull(row.get("body", String.class)),
                        row.get("html_body", String.class),
                        Objects.requireNonNull(row.get("attempts", Integer.class))))
                .all();
    }

    private Mono<Void> send(PendingMail mail, Scheduler scheduler) {
        return Mono.fromRunnable(() -> sender.send(message -> write(mail, message)))
                .subscribeOn(scheduler)
                .then(Mono.defer(() -> markSent(mail)))
                .onErrorResume(e -> markFailed(mail, e));
    }

    /** The HTML part with the plain text as its alternative; plain text alone for a mail written before HTML mails. */
    private void write(PendingMail mail, MimeMessage message) throws MessagingException {
        String html = mail.html();
        var helper = new MimeMessageHelper(
                message,
                html == null ? MimeMessageHelper.MULTIPART_MODE_NO : MimeMessageHelper.MULTIPART_MODE_RELATED,
                "UTF-8");
        helper.setFrom(settings.from());
        helper.setTo(mail.recipient());
        helper.setSubject(mail.subject());
        if (html == null) {
            helper.setText(mail.body());
        } else {
            helper.setText(mail.body(), html);
        }
    }

    private Mono<Void> markSent(PendingMail mail) {
        return database.sql("update order_mail set status = 'SENT', attempts = attempts + 1, sent_at = :now, "
                        + "last_error = null where order_id = :orderId and kind = :kind")
                .bind("orderId", mail.orderId())
                .bind("kind", mail.kind())
                .bind("now", clock.instant().atOffset(ZoneOffset.UTC))
                .fetch()
                .rowsUpdated()
                .doOnNext(rows -> {
                    sent.increment();
                    log.info("Sent the {} mail of order {}", mail.kind(), mail.orderId());
                })
                .then();
    }

    private Mono<Void> markFailed(PendingMail mail, Throwable failure) {
        failed.increment();
        int attempts = mail.attempts() + 1;
        boolean giveUp = attempts >= settings.maxAttempts();
        // 30 s, 60 s, 120 s, ... with the defaults; the shift is capped so that it cannot overflow
        Duration backoff = settings.retryBackoff().multipliedBy(1L << Math.min(attempts - 1, 20));
        String error = String.valueOf(failure.getMessage());
        if (giveUp) {
            dead.increment();
            log.error(
                    "Giving up the {} mail of order {} to {} after {} tries: {}",
                    mail.kind(),
                    mail.orderId(),
                    mail.recipient(),
                    attempts,
                    error);
        } else {
            log.warn(
                    "Could not send the {} mail of order {} (try {} of {}), next try in {}: {}",
                    mail.kind(),
                    mail.orderId(),
                    attempts,
                    settings.maxAttempts(),
                    backoff,
                    error);
        }
        return database.sql("update order_mail set status = :status, attempts = :attempts, "
                        + "next_attempt_at = :next, last_error = :error where order_id = :orderId and kind = :kind")
                .bind("orderId", mail.orderId())
                .bind("kind", mail.kind())
                .bind("status", giveUp ? "DEAD" : "PENDING")
                .bind("attempts", attempts)
                .bind("next", clock.instant().plus(backoff).atOffset(ZoneOffset.UTC))
                .bind("error", error.length() > 1000 ? error.substring(0, 1000) : error)
                .fetch()
                .rowsUpdated()
                .then();
    }

    @Override
    public void stop() {
        super.stop();
        var scheduler = smtp;
        if (scheduler != null) {
            scheduler.dispose();
        }
        smtp = null;
    }
}
