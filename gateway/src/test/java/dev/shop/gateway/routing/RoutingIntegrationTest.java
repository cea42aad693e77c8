package dev.shop.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.common.problem.ProblemAssertions;
import dev.shop.gateway.Backend;
import dev.shop.gateway.IntegrationTestSupport;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import reactor.test.StepVerifier;

class RoutingIntegrationTest extends IntegrationTestSupport {

    @Test
    void routesEachPrefixToItsService() {
        String token = customerToken();
        Map<String, Backend> services = Map.of(
                "/api/auth/me", AUTH,
                "/api/catalog/products", CATALOG,
                "/api/cart", CART,
                "/api/orders", CART,
                "/api/payments", PAYMENT);
        services.forEach((path, backend) -> {
            String marker = marker();
            client.get()
                    .uri(path + "?marker=" + marker)
                    .headers(headers -> headers.setBearerAuth(token))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.service")
                    .isEqualTo(backend.name());
            assertThat(backend.receivedWith(marker)).as(path).hasSize(1);
        });
    }

    @Test
    void passesPathQueryBodyAndAuthorizationThroughUntouched() {
        String marker = marker();
        String token = customerToken();
        // an encoded space, an encoded plus and a repeated parameter: the service must see the raw bytes as sent
        String rawPathAndQuery = "/api/cart/items/" + marker + "%20x?q=a%2Bb&q=c&sort=price,asc";
        byte[] body = new byte[3000];
        ThreadLocalRandom.current().nextBytes(body);

        client.method(HttpMethod.PUT)
                .uri(URI.create("http://127.0.0.1:" + port + rawPathAndQuery))
                .headers(headers -> headers.setBearerAuth(token))
                .header("Stripe-Signature", "t=1,v1=abc")
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk();

        Backend.Received received = CART.receivedWith(marker).getFirst();
        assertThat(received.method()).isEqualTo("PUT");
        assertThat(received.uri()).isEqualTo(rawPathAndQuery);
        assertThat(received.body()).isEqualTo(body);
        assertThat(received.header("Authorization")).isEqualTo("Bearer " + token);
        assertThat(received.header("Stripe-Signature")).isEqualTo("t=1,v1=abc");
    }

    @Test
    void tellsTheServiceWhereTheRequestCameFrom() {
        String marker = marker();

        client.get()
                .uri("/api/catalog/products?m=" + marker)
                .exchange()
                .expectStatus()
                .isOk();

        Backend.Received received = CATALOG.receivedWith(marker).getFirst();
        assertThat(received.headers())
                .as("headers the service got")
                .containsKeys("x-forwarded-for", "x-forwarded-host");
        assertThat(received.header("X-Forwarded-For")).startsWith(clientAddress).endsWith("127.0.0.1");
        assertThat(received.header("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(received.header("X-Forwarded-Host")).isNotBlank();
    }

    @Test
    void forwardsASaneRequestIdAndReturnsIt() {
        String marker = marker();
        String requestId = "client-" + marker;

        client.get()
                .uri("/api/catalog/products?m=" + marker)
                .header("X-Request-Id", requestId)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-Request-Id", requestId);

        assertThat(CATALOG.receivedWith(marker).getFirst().header("X-Request-Id"))
                .isEqualTo(requestId);
    }

    @Test
    void replacesAnInsaneRequestIdAndGeneratesOneWhenMissing() {
        String marker = marker();
        var answer = client.get()
                .uri("/api/catalog/products?m=" + marker)
                .header("X-Request-Id", "bad id\"<script>" + "x".repeat(300))
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(Void.class);
        String returned = answer.getResponseHeaders().getFirst("X-Request-Id");
        assertThat(returned).matches("[0-9a-f]{32}");
        assertThat(CATALOG.receivedWith(marker).getFirst().header("X-Request-Id"))
                .isEqualTo(returned);

        String generated = client.get()
                .uri("/api/catalog/categories")
                .exchange()
                .returnResult(Void.class)
                .getResponseHeaders()
                .getFirst("X-Request-Id");
        assertThat(generated).matches("[0-9a-f]{32}").isNotEqualTo(returned);
    }

    @Test
    void answersASlowServiceWithGatewayTimeoutAfterTheRouteTimeout() {
        String marker = marker();
        // the catalog route's timeout is 1 s in these tests; the backend would answer after 3 s, and the client
        // would wait 30 s: a 504 can only come from the route's timeout
        client.get()
                .uri("/api/catalog/slow?m=" + marker)
                .exchange()
                .expectHeader()
                .exists("X-Request-Id")
                .expectBody()
                .consumeWith(ProblemAssertions.problem(504, "gateway-timeout", "/api/catalog/slow"));
        assertThat(CATALOG.receivedWith(marker)).hasSize(1);
    }

    @Test
    void streamsServerSentEventsAsTheServiceSendsThemLongPastTheRouteTimeout() {
        String marker = marker();
        // the orders route's timeout is 1 s in these tests: it bounds the wait for the response's start, not a stream
        var events = client.get()
                .uri("/api/orders/" + marker + "/events")
                .headers(headers -> headers.setBearerAuth(customerToken()))
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
                .getResponseBody();

        StepVerifier.create(events.map(event -> event.id() + " " + event.data()))
                .expectNext("1 first") // the service is holding the second back: the gateway passed the first on
                .expectNoEvent(Duration.ofSeconds(2))
                .then(() -> CART.releaseStream(marker))
                .expectNext("2 second")
                .expectComplete()
                .verify(Duration.ofSeconds(30));
    }
}
