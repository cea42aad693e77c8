package dev.shop.auth.registration;

import dev.shop.auth.keycloak.KeycloakAdmin;
import dev.shop.auth.keycloak.KeycloakRefused;
import dev.shop.auth.keycloak.KeycloakTimedOut;
import dev.shop.auth.keycloak.KeycloakUnavailable;
import dev.shop.auth.keycloak.KeycloakUser;
import dev.shop.auth.keycloak.NewUser;
import dev.shop.auth.profile.Profile;
import dev.shop.auth.profile.Profiles;
import dev.shop.common.events.auth.UserRegistered;
import dev.shop.common.outbox.OutboxWriter;
import dev.shop.common.tracing.InTrace;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Registers a user in two systems that share no transaction: Keycloak first (it decides whether the e-mail is free
 * and the password good enough), then, in one database transaction, the profile and {@code UserRegistered} through
 * the outbox. When the second step fails, the Keycloak user is deleted again (compensation), so no half-registered
 * user remains who could log in without a profile or whom nobody was told about. When Keycloak fails, nothing is
 * written.
 */
@Service
public class Registrations {

    private static final int UNKNOWN_OUTCOME_LOOKUPS = 4;
    private static final Duration UNKNOWN_OUTCOME_PAUSE = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(Registrations.class);

    /** How far Keycloak's clock may lag ours when a user created by a timed-out call is looked for. */
    private static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(1);

    private final KeycloakAdmin keycloak;
    private final Profiles profiles;
    private final OutboxWriter outbox;
    private final TransactionalOperator transactions;
    private final Clock clock;

    Registrations(KeycloakAdmin keycloak, Profiles profiles, OutboxWriter outbox, TransactionalOperator transactions) {
        this.keycloak = keycloak;
        this.profiles = profiles;
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = Clock.systemUTC();
    }

    /**
     * Registers {@code user} (its e-mail already in lower case) and emits the new profile.
     *
     * @throws EmailTaken (as an error signal) when the e-mail is in use
     * @throws RegistrationRejected when Keycloak refuses the password or a name
     */
    public Mono<Profile> register(NewUser user) {
        var started = clock.instant();
        Mono<Profile> registration = keycloak.createUser(user)
                .onErrorMap(KeycloakRefused.class, refused -> translate(refused, user))
                .onErrorResume(
                        Registrations::outcomeUnknown,
                        failure -> deleteIfCreated(user, started).then(Mono.error(failure)))
                .flatMap(id -> saveProfile(id, user).onErrorResume(failure -> compensate(id, failure)));
        // run to the end even when the client goes away: a cancelled registration could stop between the two systems.
        // The subscriber's context goes along (toFuture() alone subscribes without it), and with it the request's
        // trace, which the outbox writes into UserRegistered's traceparent.
        return Mono.deferContextual(
                context -> Mono.fromFuture(registration.contextWrite(context).toFuture(), true));
    }

    private Mono<Profile> saveProfile(UUID id, NewUser user) {
        var profile = new Profile(
                id,
                user.email(),
                user.firstName(),
                user.lastName(),
                clock.instant().truncatedTo(ChronoUnit.MICROS));
        var event = new UserRegistered(id.toString(), user.email(), user.firstName(), user.lastName());
        return transactions.transactional(
                profiles.insert(profile).flatMap(saved -> outbox.append(event).thenReturn(saved)));
    }

    private Mono<Profile> compensate(UUID id, Throwable failure) {
        return keycloak.deleteUser(id)
                .retryWhen(Retry.backoff(3, Duration.ofMillis(200))
                        .filter(e -> e instanceof KeycloakUnavailable || e instanceof KeycloakTimedOut))
                .then(InTrace.<Void>run(() -> log.warn(
                        "Registration of user {} failed after Keycloak had created it; the Keycloak user was deleted"
                                + " again",
                        id,
                        failure)))
                .onErrorResume(deleteFailed -> InTrace.run(() -> log.error(
                        "Registration of user {} failed after Keycloak had created it, and deleting it failed too:"
                                + " delete it in Keycloak by hand",
                        id,
                        deleteFailed)))
                .then(Mono.error(failure));
    }

    /**
     * After a call whose outcome is unknown (a timeout, a dropped connection, a server error), the user may exist in
     * Keycloak all the same: one with this e-mail, these names and created since the call began is ours, and deleted.
     */
    private Mono<Void> deleteIfCreated(NewUser user, Instant started) {
        var since = started.minus(CLOCK_TOLERANCE);
        return Mono.defer(() -> keycloak.findByUsername(user.email())
                        .flatMapMany(Flux::fromIterable)
                        .filter(found -> isOurs(found, user, since))
                        .concatMap(found -> keycloak.deleteUser(found.id())
                                .then(InTrace.<Void>run(() -> log.warn(
                                        "Deleted user {}, created by a registration whose call to Keycloak failed",
                                        found.id())))
                                .thenReturn(found))
                        .count()
                        .filter(deleted -> deleted > 0))
                // the timed-out create may still be running at Keycloak: look again a few times before giving up
                .repeatWhenEmpty(UNKNOWN_OUTCOME_LOOKUPS, attempts -> attempts.delayElements(UNKNOWN_OUTCOME_PAUSE))
                .then()
                .onErrorResume(failure -> InTrace.run(() -> log.warn(
                        "A registration of {} failed at Keycloak and it could not be checked whether the user was"
                                + " created: {}",
                        user.email(),
                        failure.toString())));
    }

    private static boolean isOurs(KeycloakUser found, NewUser user, Instant since) {
        return user.email().equals(found.email())
                && user.firstName().equals(found.firstName())
                && user.lastName().equals(found.lastName())
                && !found.createdAt().isBefore(since);
    }

    private static boolean outcomeUnknown(Throwable failure) {
        if (failure instanceof KeycloakTimedOut) {
            return true;
        }
        // a refused connection sent nothing: then nothing was created
        return failure instanceof KeycloakUnavailable && !causedBy(failure, ConnectException.class);
    }

    private static Throwable translate(KeycloakRefused refused, NewUser user) {
        if (refused.status() == 409) {
            return new EmailTaken(user.email());
        }
        if (refused.status() == 400) {
            var violations = KeycloakValidationMessages.of(refused.error());
            if (!violations.isEmpty()) {
                return new RegistrationRejected(violations);
            }
        }
        return refused;
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        var current = failure;
        for (int depth = 0; current != null && depth < 16; depth++) {
            if (type.isInstance(current)) {
                return true;
            }
            current = current.getCause();
        }
        return false;
    }
}
