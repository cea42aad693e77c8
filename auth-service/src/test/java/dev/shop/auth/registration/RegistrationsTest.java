package dev.shop.auth.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.shop.auth.keycloak.KeycloakAdmin;
import dev.shop.auth.keycloak.KeycloakError;
import dev.shop.auth.keycloak.KeycloakRefused;
import dev.shop.auth.keycloak.KeycloakTimedOut;
import dev.shop.auth.keycloak.KeycloakUnavailable;
import dev.shop.auth.keycloak.KeycloakUser;
import dev.shop.auth.keycloak.NewUser;
import dev.shop.auth.profile.Profile;
import dev.shop.auth.profile.Profiles;
import dev.shop.common.events.EventMetadata;
import dev.shop.common.events.ShopEvent;
import dev.shop.common.outbox.OutboxWriter;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The compensation paths of a registration, with Keycloak and the database stubbed: the outcomes the integration tests
 * cannot bring about on demand (a timeout after Keycloak created the user, a client that goes away half-way).
 */
class RegistrationsTest {

    private static final NewUser USER = new NewUser("rita@example.com", "Rita", "Tester", "a-long-enough-passphrase");
    private static final UUID ID = UUID.randomUUID();

    private final KeycloakAdmin keycloak = mock(KeycloakAdmin.class);
    private final Profiles profiles = mock(Profiles.class);
    private final OutboxWriter outbox = mock(OutboxWriter.class);
    private final TransactionalOperator transactions = mock(TransactionalOperator.class);
    private final Registrations registrations = new Registrations(keycloak, profiles, outbox, transactions);

    @BeforeEach
    void aWorkingDatabase() {
        when(transactions.transactional(any(Mono.class))).thenAnswer(call -> call.getArgument(0));
        when(profiles.insert(any())).thenAnswer(call -> Mono.just(call.getArgument(0, Profile.class)));
        when(outbox.append(any()))
                .thenAnswer(call ->
                        Mono.just(EventMetadata.newFor(call.getArgument(0, ShopEvent.class), Instant.now(), null)));
        when(keycloak.deleteUser(any())).thenReturn(Mono.empty());
    }

    @Test
    void deletesTheKeycloakUserWhenTheProfileCannotBeWritten() {
        when(keycloak.createUser(USER)).thenReturn(Mono.just(ID));
        doReturn(Mono.error(new IllegalStateException("database away")))
                .when(profiles)
                .insert(any());

        StepVerifier.create(registrations.register(USER))
                .expectErrorMessage("database away")
                .verify();

        verify(keycloak).deleteUser(ID);
    }

    @Test
    void retriesTheCompensationWhileKeycloakIsBrieflyUnavailable() {
        var attempts = new AtomicInteger();
        when(keycloak.createUser(USER)).thenReturn(Mono.just(ID));
        doReturn(Mono.error(new IllegalStateException("outbox away")))
                .when(outbox)
                .append(any());
        doReturn(Mono.defer(() -> attempts.incrementAndGet() < 3
                        ? Mono.error(new KeycloakUnavailable("delete user", 503))
                        : Mono.empty()))
                .when(keycloak)
                .deleteUser(ID);

        StepVerifier.create(registrations.register(USER))
                .expectErrorMessage("outbox away")
                .verify();

        assertThat(attempts).hasValue(3);
    }

    @Test
    void deletesAUserThatATimedOutCallCreatedAllTheSame() {
        when(keycloak.createUser(USER))
                .thenReturn(Mono.error(new KeycloakTimedOut("create user", new TimeoutException())));
        when(keycloak.findByUsername(USER.email())).thenReturn(Mono.just(List.of(keycloakUser(Instant.now()))));

        StepVerifier.create(registrations.register(USER))
                .expectError(KeycloakTimedOut.class)
                .verify();

        verify(keycloak).deleteUser(ID);
        verify(profiles, never()).insert(any());
    }

    @Test
    void looksAgainForAUserWhoseTimedOutCreationFinishesLater() {
        when(keycloak.createUser(USER))
                .thenReturn(Mono.error(new KeycloakTimedOut("create user", new TimeoutException())));
        when(keycloak.findByUsername(USER.email()))
                .thenReturn(Mono.just(List.of()), Mono.just(List.of(keycloakUser(Instant.now()))));

        StepVerifier.create(registrations.register(USER))
                .expectError(KeycloakTimedOut.class)
                .verify();

        verify(keycloak, times(2)).findByUsername(USER.email());
        verify(keycloak).deleteUser(ID);
    }

    @Test
    void leavesAnEarlierUserWithTheSameEmailAlone() {
        when(keycloak.createUser(USER))
                .thenReturn(Mono.error(new KeycloakTimedOut("create user", new TimeoutException())));
        when(keycloak.findByUsername(USER.email()))
                .thenReturn(Mono.just(List.of(keycloakUser(Instant.now().minus(Duration.ofHours(1))))));

        StepVerifier.create(registrations.register(USER))
                .expectError(KeycloakTimedOut.class)
                .verify();

        verify(keycloak, never()).deleteUser(any());
    }

    @Test
    void looksForNothingWhenKeycloakRefusedTheConnection() {
        when(keycloak.createUser(USER))
                .thenReturn(Mono.error(new KeycloakUnavailable("create user", new ConnectException("refused"))));

        StepVerifier.create(registrations.register(USER))
                .expectError(KeycloakUnavailable.class)
                .verify();

        verify(keycloak, never()).findByUsername(any());
        verify(profiles, never()).insert(any());
    }

    @Test
    void turnsKeycloaksConflictIntoEmailTaken() {
        when(keycloak.createUser(USER))
                .thenReturn(Mono.error(new KeycloakRefused(
                        "create user",
                        409,
                        new KeycloakError(null, null, "User exists with same email", null, null, null))));

        StepVerifier.create(registrations.register(USER))
                .expectError(EmailTaken.class)
                .verify();

        verify(profiles, never()).insert(any());
    }

    @Test
    void finishesARegistrationWhoseClientWentAway() {
        when(keycloak.createUser(USER)).thenReturn(Mono.just(ID).delayElement(Duration.ofMillis(200)));

        registrations.register(USER).subscribe().dispose();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> verify(outbox).append(any()));
        verify(keycloak, never()).deleteUser(any());
    }

    private static KeycloakUser keycloakUser(Instant created) {
        return new KeycloakUser(
                ID, USER.email(), USER.email(), USER.firstName(), USER.lastName(), created.toEpochMilli(), null);
    }
}
