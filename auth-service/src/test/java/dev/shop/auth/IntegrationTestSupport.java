package dev.shop.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.common.problem.ProblemAssertions;
import dev.shop.common.test.BlockingCalls;
import dev.shop.common.test.DocumentedStatuses;
import dev.shop.localstack.Keycloak;
import dev.shop.localstack.test.LocalStackTest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One Spring context of the whole service on a real port, against the shared PostgreSQL and Kafka of the test JVM and
 * the real Keycloak with the shop realm, for every integration test class that extends this. BlockHound watches the
 * event loops of all of them. The stack is shared: every test makes users with e-mails of its own.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "logging.level.org.apache.kafka=warn")
@AutoConfigureWebTestClient(timeout = "30s")
@LocalStackTest(database = "auth", keycloak = true)
@Import(DocumentedStatuses.class)
public abstract class IntegrationTestSupport {

    protected static final String PASSWORD = "a-long-enough-passphrase";
    protected static final String ALICE = "alice@example.com";
    protected static final String ALICE_PASSWORD = "alice-shops-2026";
    protected static final String ADMIN = "admin@example.com";
    protected static final String ADMIN_PASSWORD = "admin-manages-2026";

    static {
        BlockingCalls.install();
    }

    @Autowired
    protected WebTestClient client;

    @Autowired
    protected DatabaseClient database;

    @Autowired
    protected JsonMapper json;

    /**
     * local-stack's {@code @LocalStackTest(keycloak = true)} does not start Keycloak nor set its properties yet, so
     * this does both; Keycloak starts once per test JVM.
     */
    @DynamicPropertySource
    static void keycloak(DynamicPropertyRegistry registry) {
        var keycloak = KeycloakTestClient.keycloak();
        keycloak.start();
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", keycloak::issuerUri);
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", keycloak::jwkSetUri);
        registry.add("shop.keycloak.url", keycloak::baseUrl);
        registry.add("shop.keycloak.realm", () -> Keycloak.REALM);
        registry.add("shop.keycloak.client-id", () -> Keycloak.AUTH_CLIENT_ID);
        registry.add("shop.keycloak.client-secret", () -> Keycloak.AUTH_CLIENT_SECRET);
    }

    @AfterEach
    void noBlockingCallOnAnEventLoop() {
        assertThat(BlockingCalls.drain()).as("blocking calls on event loops").isEmpty();
    }

    /** An e-mail no other test uses. */
    protected static String uniqueEmail(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
    }

    /** A valid registration body, to change one field of. */
    protected static Map<String, Object> registration(String email) {
        var body = new LinkedHashMap<String, Object>();
        body.put("email", email);
        body.put("password", PASSWORD);
        body.put("firstName", "Rita");
        body.put("lastName", "Tester");
        return body;
    }

    protected WebTestClient.ResponseSpec post(String path, Object body) {
        return client.post()
                .uri(path)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    /** Registers a user with {@link #PASSWORD}; emits the profile answered. */
    protected JsonNode register(String email) {
        return body(post("/api/auth/register", registration(email))
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult());
    }

    /** The token response for a login that must succeed. */
    protected JsonNode tokens(String username, String password) {
        return body(post("/api/auth/token", Map.of("username", username, "password", password))
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult());
    }

    protected String accessToken(String username, String password) {
        return tokens(username, password).path("access_token").asString();
    }

    protected WebTestClient.ResponseSpec get(String path, String accessToken) {
        return client.get()
                .uri(path)
                .headers(headers -> headers.setBearerAuth(accessToken))
                .exchange();
    }

    protected JsonNode body(EntityExchangeResult<byte[]> result) {
        return json.readTree(Objects.requireNonNull(result.getResponseBody()));
    }

    protected long profileRows(String email) {
        return count("select count(*) as n from user_profile where email = :email", email);
    }

    /** Events in the outbox that name this e-mail (a refused registration must add none). */
    protected long outboxEvents(String email) {
        return count("select count(*) as n from outbox_event where position(:email in payload) > 0", email);
    }

    /** Neither a Keycloak user, nor a profile row, nor an event: what every refused registration leaves. */
    protected void assertNothingStoredFor(String email) {
        assertThat(KeycloakTestClient.usersWithEmail(email))
                .as("Keycloak users with %s", email)
                .isZero();
        assertThat(profileRows(email)).as("profile rows of %s", email).isZero();
        assertThat(outboxEvents(email)).as("events naming %s", email).isZero();
    }

    private long count(String sql, String email) {
        return Objects.requireNonNull(database.sql(sql)
                .bind("email", email)
                .map(row -> row.get("n", Long.class))
                .one()
                .block());
    }

    protected static Consumer<EntityExchangeResult<byte[]>> problem(int status, String slug, String instance) {
        return ProblemAssertions.problem(status, slug, instance);
    }

    /** A {@code validation} problem whose {@code errors} name {@code field} with a message containing {@code text}. */
    protected Consumer<EntityExchangeResult<byte[]>> validationOf(String instance, String field, String text) {
        return result -> {
            ProblemAssertions.problem(400, "validation", instance).accept(result);
            JsonNode body = body(result);
            assertThat(body.path("errors").valueStream())
                    .as("errors of %s", body)
                    .anySatisfy(error -> {
                        assertThat(error.path("field").asString()).isEqualTo(field);
                        assertThat(error.path("message").asString()).contains(text);
                    });
        };
    }
}
