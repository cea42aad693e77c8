package dev.shop.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client of the shop's public API through the gateway, as a frontend would be: JSON in, JSON out, a bearer token.
 * Each client has an address of its own, which it sends in {@code X-Forwarded-For} as a proxy in front of the gateway
 * would (the suite's gateway trusts loopback as that proxy): clients never share a rate-limit bucket.
 */
final class ShopClient {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final AtomicInteger NEXT_ADDRESS =
            new AtomicInteger(ThreadLocalRandom.current().nextInt(0x20000));

    private final String baseUrl;
    private final @Nullable String token;
    private final Map<String, String> headers;

    ShopClient(String baseUrl, @Nullable String token) {
        this(baseUrl, token, Map.of("X-Forwarded-For", newAddress()));
    }

    private ShopClient(String baseUrl, @Nullable String token, Map<String, String> headers) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.headers = headers;
    }

    /** An address of 198.18.0.0/15 (a range for tests) that no other client of this run has. */
    static String newAddress() {
        int next = NEXT_ADDRESS.getAndIncrement() & 0x1ffff;
        return "198." + (18 + (next >> 16)) + "." + ((next >> 8) & 0xff) + "." + (next & 0xff);
    }

    /** The access token this client sends, if any. */
    @Nullable
    String token() {
        return token;
    }

    /** The address this client sends as its own. */
    String address() {
        return headers.get("X-Forwarded-For");
    }

    /** The same client, with another token (or none), from the same address. */
    ShopClient withToken(@Nullable String token) {
        return new ShopClient(baseUrl, token, headers);
    }

    /** The same client, sending one more header with every request (e.g. a W3C {@code traceparent}). */
    ShopClient withHeader(String name, String value) {
        var more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ShopClient(baseUrl, token, Map.copyOf(more));
    }

    static ShopClient anonymous() {
        return new ShopClient(ShopUnderTest.get().gatewayUrl(), null);
    }

    /** Registers a new customer with a unique e-mail and returns a client holding their access token. */
    static Customer newCustomer(String name) {
        var email = name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        var password = "e2e-password-" + UUID.randomUUID();
        var anonymous = anonymous();
        var registered = anonymous.post(
                "/api/auth/register",
                "{\"email\":\"%s\",\"password\":\"%s\",\"firstName\":\"%s\",\"lastName\":\"Tester\"}"
                        .formatted(email, password, name),
                null);
        assertThat(registered.status()).as(registered.text()).isEqualTo(201);
        return new Customer(email, password, login(email, password));
    }

    static ShopClient login(String email, String password) {
        var anonymous = anonymous();
        var tokens = anonymous.post(
                "/api/auth/token", "{\"username\":\"%s\",\"password\":\"%s\"}".formatted(email, password), null);
        assertThat(tokens.status()).as(tokens.text()).isEqualTo(200);
        return anonymous.withToken(tokens.json().path("access_token").asString());
    }

    static ShopClient admin() {
        return login("admin@example.com", "admin-manages-2026");
    }

    Response get(String path) {
        return send(request(path).GET());
    }

    Response post(String path, @Nullable String json, @Nullable String idempotencyKey) {
        var request = request(path).POST(body(json));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request);
    }

    /** A stream of Server-Sent Events, read to its end (the client waits 30 s at most for it to start). */
    Response events(String path) {
        return send(request(path).setHeader("Accept", "text/event-stream").GET());
    }

    Response put(String path, String json) {
        return send(request(path).PUT(body(json)));
    }

    Response delete(String path) {
        return send(request(path).DELETE());
    }

    /** A file upload: {@code bytes} as the form field {@code file} of a {@code multipart/form-data} body. */
    Response upload(String path, String filename, byte[] bytes) {
        String boundary = "shop-e2e-" + UUID.randomUUID();
        var body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        body.writeBytes(bytes);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return send(request(path)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    private HttpRequest.Builder request(String path) {
        var request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        return request;
    }

    private static HttpRequest.BodyPublisher body(@Nullable String json) {
        return json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json);
    }

    private static Response send(HttpRequest.Builder request) {
        var built = request.build();
        if (built.headers().firstValue("Content-Type").isEmpty()) {
            built = request.header("Content-Type", "application/json").build();
        }
        try {
            var response = HTTP.send(built, HttpResponse.BodyHandlers.ofString());
            return new Response(
                    response.statusCode(),
                    response.body(),
                    response.headers().firstValue("Location").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(built.method() + " " + built.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Response(int status, String text, @Nullable String location) {

        JsonNode json() {
            return JSON.readTree(text);
        }

        /** The RFC 9457 problem type's last segment, e.g. {@code not-found}. */
        String problem() {
            var type = json().path("type").asString();
            return type.substring(type.lastIndexOf('/') + 1);
        }
    }

    record Customer(String email, String password, ShopClient client) {}
}
