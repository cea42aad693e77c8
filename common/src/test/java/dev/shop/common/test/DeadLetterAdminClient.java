package dev.shop.common.test;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A service's dead-letter admin (common's), called as an admin would: its dead letters and its audit of replays. */
public final class DeadLetterAdminClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebTestClient client;
    private final String path;
    private final String adminToken;

    /**
     * @param path the service's {@code shop.dead-letters.path}
     * @param adminToken a token with the realm role {@code admin}
     */
    public DeadLetterAdminClient(WebTestClient client, String path, String adminToken) {
        this.client = client;
        this.path = path;
        this.adminToken = adminToken;
    }

    /** The one dead letter of the event {@code eventId}, once it is listed. */
    public JsonNode awaitDeadLetter(UUID eventId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters(eventId).size() == 1);
        return deadLetters(eventId).getFirst();
    }

    /** The dead letters of the event {@code eventId} (one per time it was dead-lettered). */
    public List<JsonNode> deadLetters(UUID eventId) {
        return ofEvent(get(path + "?size=100"), eventId);
    }

    /** The replays of the event {@code eventId} in the audit, newest first. */
    public List<JsonNode> replays(UUID eventId) {
        return ofEvent(get(path + "/replays?size=100"), eventId);
    }

    /** Publishes the dead letter again with {@code payload} (any object, sent as its JSON) instead of its own. */
    public WebTestClient.ResponseSpec replay(String deadLetterId, Object payload) {
        return client.post()
                .uri(path + "/{id}/replay", deadLetterId)
                .headers(headers -> headers.setBearerAuth(adminToken))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("payload", JSON.readTree(JSON.writeValueAsBytes(payload))))
                .exchange();
    }

    private JsonNode get(String uri) {
        byte[] body = client.get()
                .uri(uri)
                .headers(headers -> headers.setBearerAuth(adminToken))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody();
        return JSON.readTree(body);
    }

    private static List<JsonNode> ofEvent(JsonNode page, UUID eventId) {
        return page.path("items")
                .valueStream()
                .filter(item -> item.path("eventId").asString().equals(eventId.toString()))
                .toList();
    }
}
