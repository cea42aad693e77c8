package dev.shop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The OWASP API Security Top 10 (2023), probed through the gateway of the running shop with good and hostile input,
 * as an outside reviewer would. Every probe says what the answer must be; a test collects every answer that is not,
 * and every 5xx, and fails on any. API7 (server-side request forgery) has no input here: no endpoint fetches a URL a
 * client gives; API9 (inventory) is one version, {@code /api}, documented in each service's OpenAPI document.
 *
 * @see <a href="https://owasp.org/API-Security/editions/2023/en/0x11-t10/">OWASP API Security Top 10 2023</a>
 */
class ApiSecurityE2eTest {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<String> wrong = new ArrayList<>();
    private final List<String> serverErrors = new ArrayList<>();

    @AfterEach
    void everyAnswerWasTheRightOneAndNoneA5xx() {
        assertThat(serverErrors).as("5xx answers").isEmpty();
        assertThat(wrong).as("wrong answers").isEmpty();
    }

    @Test
    void api1BrokenObjectLevelAuthorization() {
        var alice = ShopClient.newCustomer("owner").client();
        var mallory = ShopClient.newCustomer("mallory").client();
        var product = Shopping.newProduct("Owned lamp", 1_900, 5);
        Shopping.addToCart(alice, product, 1);
        var checkout = Shopping.checkout(alice, "pm_card_visa");
        assertThat(checkout.status()).as(checkout.text()).isEqualTo(202);
        var order = checkout.json().path("id").asString();

        // another customer's order does not exist for them: the same 404 as an unknown id, nothing to probe with
        expect("another's order", mallory.get("/api/orders/" + order), 404, "not-found");
        expect("an unknown order", mallory.get("/api/orders/" + UUID.randomUUID()), 404, "not-found");
        expect(
                "cancel another's order",
                mallory.post("/api/orders/" + order + "/cancel", null, null),
                404,
                "not-found");
        expect("another's payments", mallory.get("/api/payments?orderId=" + order), 404, "not-found");
        expect("another's order in my list", mallory.get("/api/orders"), 200, null);
        assertThat(mallory.get("/api/orders").text()).doesNotContain(order);
        // the owner sees it
        expect("my order", alice.get("/api/orders/" + order), 200, null);
    }

    @Test
    void api2BrokenAuthentication() throws Exception {
        var anonymous = ShopClient.anonymous();
        var customer = ShopClient.newCustomer("authn");
        String valid = java.util.Objects.requireNonNull(customer.client().token());
        String[] parts = valid.split("\\.");
        var claims = decode(parts[1]);
        var expired =
                claims.replaceFirst("\"exp\":\\d+", "\"exp\":" + (Instant.now().getEpochSecond() - 3600));
        var keycloak = ShopUnderTest.get().stack().keycloak();
        var bad = new LinkedHashMap<String, String>();
        bad.put("no token at all", null);
        bad.put("garbage", "not-a-token");
        bad.put("alg none", encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".");
        bad.put("expired (exp moved back, signature kept)", parts[0] + "." + encode(expired) + "." + parts[2]);
        bad.put("signed by another key", signedByAnotherKey(parts[0], parts[1]));
        bad.put(
                "HS256, a shared-secret algorithm",
                encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + parts[1] + "." + encode("forged"));
        bad.put(
                "another realm (master)",
                passwordGrant(
                        keycloak.baseUrl() + "/realms/master/protocol/openid-connect/token",
                        "admin-cli",
                        "admin",
                        "admin"));
        bad.put(
                "another audience (the shop realm's admin-cli client)",
                passwordGrant(keycloak.tokenUri(), "admin-cli", customer.email(), customer.password()));
        for (var entry : bad.entrySet()) {
            var client = anonymous.withToken(entry.getValue());
            expect(entry.getKey() + ": own cart", client.get("/api/cart"), 401, "unauthorized");
            expect(entry.getKey() + ": own profile", client.get("/api/auth/me"), 401, "unauthorized");
        }
        expect("the valid token", customer.client().get("/api/cart"), 200, null);

        // a login flood from one address is cut off by the rate limit, whatever the passwords (an unknown user, so
        // that Keycloak's own brute-force protection locks nobody out)
        var flooder = ShopClient.anonymous();
        var nobody = "nobody-" + UUID.randomUUID() + "@example.com";
        int refused = 0;
        for (int i = 0; i < 400 && refused == 0; i++) {
            var login = flooder.post(
                    "/api/auth/token", "{\"username\":\"%s\",\"password\":\"guess-%d\"}".formatted(nobody, i), null);
            if (login.status() == 429) {
                refused++;
                expect("a login past the limit", login, 429, "rate-limited");
            } else {
                expect("a wrong password", login, 401, "unauthorized");
            }
        }
        assertThat(refused).as("logins refused by the rate limit").isPositive();
        // another address still logs in
        expect(
                "the right password from elsewhere",
                ShopClient.anonymous()
                        .post(
                                "/api/auth/token",
                                "{\"username\":\"%s\",\"password\":\"%s\"}"
                                        .formatted(customer.email(), customer.password()),
                                null),
                200,
                null);
    }

    @Test
    void api3BrokenObjectPropertyLevelAuthorization() {
        // mass assignment: fields a client may not set are ignored, never applied
        var email = "mass-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        var registered =
                ShopClient.anonymous().post("/api/auth/register", """
                        {"email":"%s","password":"mass-assign-2026","firstName":"Mass","lastName":"Assign",
                         "roles":["admin"],"realmRoles":["admin"],"emailVerified":true,"id":"%s","enabled":true}""".formatted(email, UUID.randomUUID()), null);
        expect("registration with extra fields", registered, 201, null);
        var client = ShopClient.login(email, "mass-assign-2026");
        var me = client.get("/api/auth/me");
        expect("the profile", me, 200, null);
        assertThat(me.json().path("roles").valueStream().map(node -> node.asString()))
                .containsExactly("customer");
        expect("an admin call", client.get("/api/auth/users"), 403, "forbidden");
        assertThat(me.text()).doesNotContain("mass-assign-2026");

        var product = Shopping.newProduct("Priced lamp", 2_500, 5);
        // cart-service learns of a new product from its event: until then the product is unknown (404) to it
        await().atMost(Duration.ofSeconds(20))
                .until(() -> client.put(
                                        "/api/cart/items/" + product,
                                        "{\"quantity\":1,\"unitPrice\":{\"amount\":1,\"currency\":\"EUR\"},"
                                                + "\"lineTotal\":{\"amount\":1,\"currency\":\"EUR\"}}")
                                .status()
                        == 200);
        var lines = client.get("/api/cart").json().path("lines");
        assertThat(lines.get(0).path("unitPrice").path("amount").asLong()).isEqualTo(2_500);
        var checkout = client.post(
                "/api/cart/checkout",
                "{\"paymentMethod\":\"pm_card_visa\",\"shippingAddress\":%s,\"total\":{\"amount\":1,\"currency\":\"EUR\"},\"status\":\"CONFIRMED\",\"customerId\":\"%s\"}"
                        .formatted(Shopping.ADDRESS, UUID.randomUUID()),
                UUID.randomUUID().toString());
        expect("checkout with extra fields", checkout, 202, null);
        assertThat(checkout.json().path("total").path("amount").asLong()).isEqualTo(2_500);
        assertThat(checkout.json().path("status").asString()).isEqualTo("PENDING");
    }

    @Test
    void api4UnrestrictedResourceConsumption() {
        var anonymous = ShopClient.anonymous();
        expect("a page of 101", anonymous.get("/api/catalog/products?size=101"), 400, "validation");
        expect("a page of 0", anonymous.get("/api/catalog/products?size=0"), 400, "validation");
        expect("a negative page", anonymous.get("/api/catalog/products?page=-1"), 400, "validation");
        expect("a page far out", anonymous.get("/api/catalog/products?page=99999999999"), 400, "validation");
        expect("a page of 100", anonymous.get("/api/catalog/products?size=100"), 200, null);
        expect(
                "a 2 MB body",
                raw("POST", "/api/auth/register", Map.of("Content-Type", "application/json"), bigJson(2 << 20)),
                413,
                "payload-too-large");
        expect(
                "JSON nested 5000 deep",
                raw(
                        "POST",
                        "/api/auth/token",
                        Map.of("Content-Type", "application/json"),
                        ("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.UTF_8)),
                400,
                "malformed-request");
        var customer = ShopClient.newCustomer("pager").client();
        expect("orders page of 1000", customer.get("/api/orders?size=1000"), 400, "validation");
    }

    @Test
    void api5BrokenFunctionLevelAuthorization() {
        var customer = ShopClient.newCustomer("climber").client();
        var product = Shopping.newProduct("Admin lamp", 1_000, 1);
        expect(
                "create a product",
                customer.post(
                        "/api/catalog/products",
                        "{\"sku\":\"X-1\",\"name\":\"x\",\"category\":\"home-kitchen\",\"price\":{\"amount\":1,\"currency\":\"EUR\"},\"stock\":1}",
                        null),
                403,
                "forbidden");
        expect("delete a product", customer.delete("/api/catalog/products/" + product), 403, "forbidden");
        expect(
                "set stock",
                customer.put("/api/catalog/products/" + product + "/stock", "{\"onHand\":0}"),
                403,
                "forbidden");
        expect("list users", customer.get("/api/auth/users"), 403, "forbidden");
        expect(
                "make myself admin",
                customer.put("/api/auth/users/" + UUID.randomUUID() + "/roles", "{\"roles\":[\"admin\"]}"),
                403,
                "forbidden");
        expect("read dead letters", customer.get("/api/cart/admin/dead-letters"), 403, "forbidden");
        expect("read the replay audit", customer.get("/api/cart/admin/dead-letters/replays"), 403, "forbidden");
        expect("read catalog's dead letters", customer.get("/api/catalog/admin/dead-letters"), 403, "forbidden");
        expect(
                "replay a payment dead letter",
                customer.post("/api/payments/admin/dead-letters/orders.v1.payment-service.dlq-0-0/replay", null, null),
                403,
                "forbidden");
        expect("refund", customer.post("/api/payments/" + UUID.randomUUID() + "/refund", null, null), 403, "forbidden");
        var anonymous = ShopClient.anonymous();
        expect(
                "create a product anonymously",
                anonymous.post("/api/catalog/products", "{}", null),
                401,
                "unauthorized");
        expect("the product stays", anonymous.get("/api/catalog/products/" + product), 200, null);
    }

    @Test
    void api6UnrestrictedAccessToSensitiveBusinessFlows() {
        // card testing: checkouts with a card that declines, one after another
        var tester = ShopClient.newCustomer("cardtester").client();
        var product = Shopping.newProduct("Tested lamp", 500, 200);
        var statuses = new ArrayList<Integer>();
        for (int i = 0; i < 20; i++) {
            Shopping.addToCart(tester, product, 1);
            var checkout = Shopping.checkout(tester, "pm_card_chargeDeclined");
            statuses.add(checkout.status());
            if (checkout.status() == 202) {
                Shopping.awaitFinal(tester, checkout.json().path("id").asString());
            } else if (checkout.status() == 429) {
                expect("a checkout past the limits", checkout, 429, "rate-limited");
                break;
            } else {
                expect("a checkout past the open-order limit", checkout, 409, "too-many-open-orders");
            }
        }
        assertThat(statuses).as("answers to the card tester").contains(429);
        assertThat(statuses.stream().filter(status -> status == 202).count())
                .as("checkouts accepted before the declines stopped them")
                .isLessThanOrEqualTo(5);
    }

    @Test
    void api8SecurityMisconfiguration() {
        var anonymous = ShopClient.anonymous();
        var answer = raw("GET", "/api/catalog/categories", Map.of(), null);
        expect("the categories", answer, 200, null);
        // no actuator on the public port: the same 404 as any path nobody serves
        expect("the actuator on the public port", anonymous.get("/actuator/prometheus"), 404, "not-found");
        var customer = ShopClient.newCustomer("prober").client();
        var actuator = customer.get("/actuator/prometheus");
        expect("the actuator on the public port, with a token", actuator, 404, "not-found");
        assertThat(actuator.text()).doesNotContain("jvm_");
        expect("TRACE", raw("TRACE", "/api/catalog/categories", Map.of(), null), 400, "malformed-request");
        expect(
                "a foreign origin's preflight",
                raw(
                        "OPTIONS",
                        "/api/cart",
                        Map.of("Origin", "https://evil.example", "Access-Control-Request-Method", "GET"),
                        null),
                403,
                "forbidden");
        // a path nobody serves is no public read: catalog-service keeps everything but its reads for admins
        expect("an unknown path", anonymous.get("/api/catalog/nothing-here"), 401, "unauthorized");
        expect("an unknown path, as a customer", customer.get("/api/catalog/nothing-here"), 403, "forbidden");
        expect("an unknown path, as an admin", ShopClient.admin().get("/api/catalog/nothing-here"), 404, "not-found");
        expect("an unknown API version", customer.get("/api/v2/catalog/products"), 404, "not-found");
    }

    @Test
    void api10UnsafeConsumptionOfApisAndInjection() {
        // webhooks the provider did not sign are refused and change nothing
        var event =
                "{\"id\":\"evt_forged\",\"type\":\"payment_intent.succeeded\",\"data\":{\"object\":{\"id\":\"pi_x\","
                        + "\"amount\":1,\"metadata\":{\"order_id\":\"" + UUID.randomUUID() + "\"}}}}";
        long now = Instant.now().getEpochSecond();
        expect("an unsigned webhook", webhook(null, event), 400, null);
        expect(
                "a webhook signed with another secret",
                webhook("t=" + now + ",v1=" + "ab".repeat(32), event),
                400,
                null);
        expect("a webhook from long ago", webhook("t=" + (now - 3600) + ",v1=" + "00".repeat(32), event), 400, null);

        // injection strings are text to the shop, never code
        var anonymous = ShopClient.anonymous();
        expect("SQL in the search", anonymous.get("/api/catalog/products?q=" + url("' OR '1'='1")), 200, null);
        assertThat(anonymous
                        .get("/api/catalog/products?q=" + url("' OR '1'='1"))
                        .json()
                        .path("totalItems")
                        .asLong())
                .as("a search for a quote matches nothing")
                .isZero();
        expect(
                "SQL in the category",
                anonymous.get("/api/catalog/products?category=" + url("x' OR 1=1--")),
                400,
                "validation");
        expect(
                "SQL in the sort",
                anonymous.get("/api/catalog/products?sort=" + url("price;drop table product")),
                400,
                "validation");
        expect("SQL in an id", anonymous.get("/api/catalog/products/" + url("1 OR 1=1")), 400, "validation");
        expect("a NUL in a parameter", anonymous.get("/api/catalog/products?category=%00"), 400, "validation");
        expect(
                "a traversal in the path",
                raw("GET", "/api/catalog/products/..%2f..%2fetc%2fpasswd", Map.of(), null),
                400,
                "malformed-request");
        var customer = ShopClient.newCustomer("injector").client();
        expect(
                "a control character in an address",
                customer.post(
                        "/api/cart/checkout",
                        "{\"paymentMethod\":\"pm_card_visa\",\"shippingAddress\":{\"name\":\"a\\u0000b\","
                                + "\"line1\":\"x\",\"city\":\"y\",\"postalCode\":\"1\",\"country\":\"DE\"}}",
                        UUID.randomUUID().toString()),
                400,
                "validation");
    }

    /** Records the answer as wrong unless it has {@code status} and, when given, the problem type {@code problem}. */
    private void expect(String what, ShopClient.Response answer, int status, @Nullable String problem) {
        if (answer.status() >= 500) {
            serverErrors.add(what + ": " + answer.status() + " " + answer.text());
        }
        boolean right = answer.status() == status;
        if (right && problem != null) {
            right = problem.equals(answer.problem());
        }
        if (right && status >= 400) {
            // a problem never shows the server's insides
            right = !answer.text().contains("Exception") && !answer.text().contains("at dev.shop");
        }
        if (!right) {
            wrong.add(what + ": expected " + status + (problem == null ? "" : " " + problem) + ", got "
                    + answer.status() + " " + answer.text());
        }
    }

    private static ShopClient.Response webhook(@Nullable String signature, String event) {
        var headers = new LinkedHashMap<String, String>();
        headers.put("Content-Type", "application/json");
        if (signature != null) {
            headers.put("Stripe-Signature", signature);
        }
        return raw("POST", "/api/payments/webhook", headers, event.getBytes(StandardCharsets.UTF_8));
    }

    private static ShopClient.Response raw(
            String method, String path, Map<String, String> headers, byte @Nullable [] body) {
        var request = HttpRequest.newBuilder(URI.create(ShopUnderTest.get().gatewayUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("X-Forwarded-For", ShopClient.newAddress())
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new ShopClient.Response(response.statusCode(), response.body(), null);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bigJson(int size) {
        return ("{\"email\":\"" + "a".repeat(size) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static String url(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The same header and claims, signed RS256 with a key pair made here: the shop trusts none of its keys. */
    private static String signedByAnotherKey(String header, String payload) throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        var signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(generator.generateKeyPair().getPrivate());
        signer.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        return header + "." + payload + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
    }

    private static String passwordGrant(String tokenUri, String clientId, String username, String password) {
        var form = "grant_type=password&client_id=" + url(clientId) + "&username=" + url(username) + "&password="
                + url(password);
        try {
            var response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(tokenUri))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return ShopClient.JSON
                    .readTree(response.body())
                    .path("access_token")
                    .asString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
