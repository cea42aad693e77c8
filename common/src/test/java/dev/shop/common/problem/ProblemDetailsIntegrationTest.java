package dev.shop.common.problem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.common.testapp.TestAppSupport;
import dev.shop.common.testapp.TestController;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

class ProblemDetailsIntegrationTest extends TestAppSupport {

    @Value("${local.server.port}")
    int port;

    @Test
    void answersMalformedJsonWithMalformedRequest() {
        post("/api/test/items", "{\"name\": \"pen\", \"quantity\": ")
                .expectBody()
                .consumeWith(ProblemAssertions.problem(400, "malformed-request", "/api/test/items"));
    }

    @Test
    void namesTheFieldWhenTheJsonHasTheWrongType() {
        post("/api/test/items", "{\"name\": \"pen\", \"quantity\": \"many\"}")
                .expectBody()
                .consumeWith(ProblemAssertions.problem(400, "malformed-request", "/api/test/items"))
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).contains("'quantity'"));
    }

    @Test
    void refusesAFractionWhereTheFieldIsAWholeNumber() {
        // not cut to 1 and served as if the client had meant it
        post("/api/test/items", "{\"name\": \"pen\", \"quantity\": 1.5}")
                .expectBody()
                .consumeWith(ProblemAssertions.problem(400, "malformed-request", "/api/test/items"))
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).contains("'quantity'"));
    }

    @Test
    void answersWhatNettyRefusesBeforeTheApplicationWithAProblemToo() throws Exception {
        var http = HttpClient.newHttpClient();
        var base = "http://127.0.0.1:" + port + "/api/test/items";
        var tooLongHeader = HttpRequest.newBuilder(URI.create(base))
                .header("X-Padding", "x".repeat(20_000))
                .build();
        var tooLongLine = HttpRequest.newBuilder(URI.create(base + "?q=" + "x".repeat(80_000)))
                .build();
        for (var request : List.of(tooLongHeader, tooLongLine)) {
            var response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = request == tooLongHeader ? 431 : 414;
            assertThat(response.statusCode()).isEqualTo(status);
            assertThat(response.headers().firstValue(HttpHeaders.CONTENT_TYPE))
                    .hasValue(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            var body = JsonMapper.shared().readTree(response.body());
            assertThat(body.path("type").asString()).isEqualTo("about:blank");
            assertThat(body.path("status").asInt()).isEqualTo(status);
            assertThat(body.path("detail").asString()).isNotBlank().doesNotContain("xxx");
        }
    }

    @Test
    void refusesAFieldGivenTwice() {
        post("/api/test/items", "{\"name\": \"pen\", \"quantity\": 1, \"quantity\": 20}")
                .expectBody()
                .consumeWith(ProblemAssertions.problem(400, "malformed-request", "/api/test/items"));
    }

    @Test
    void answersARequestTheFirewallRefusesWithMalformedRequest() {
        // an encoded "../" in the path: Spring Security's firewall refuses it before any route or controller runs
        asCustomer()
                .get()
                .uri(URI.create("http://127.0.0.1:" + port + "/api/test/items/%2e%2e%2fsecrets"))
                .exchange()
                .expectBody()
                .consumeWith(ProblemAssertions.problem(400, "malformed-request", "/api/test/items/%2e%2e%2fsecrets"))
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail)
                        .startsWith("The request was refused")
                        .doesNotContain("secrets"));
    }

    @Test
    void answersAMethodTheFirewallRefusesWithMalformedRequest() {
        asCustomer()
                .method(HttpMethod.valueOf("TRACE"))
                .uri("/api/test/items")
                .exchange()
                .expectBody()
                .consumeWith(ProblemAssertions.problem(400, "malformed-request", "/api/test/items"))
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).contains("method"));
    }

    @Test
    void answersAMissingBodyWithMalformedRequest() {
        asCustomer()
                .post()
                .uri("/api/test/items")
                .contentType(MediaType.APPLICATION_JSON)
                .exchange()
                .expectBody()
                .consumeWith(ProblemAssertions.problem(400, "malformed-request", "/api/test/items"))
                .jsonPath("$.detail")
                .isEqualTo("A request body is required.");
    }

    @Test
    void answersAnUnsupportedContentTypeWith415() {
        asCustomer()
                .post()
                .uri("/api/test/items")
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue("name=pen")
                .exchange()
                .expectBody()
                .consumeWith(ProblemAssertions.problem(415, "unsupported-media-type", "/api/test/items"))
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).contains("application/json"));
    }

    @Test
    void refusesABodyWhoseContentLengthExceedsTheLimit() {
        String body = itemJson("x".repeat(MAX_REQUEST_BODY * 2));

        post("/api/test/items", body)
                .expectHeader()
                .valueEquals(HttpHeaders.CONNECTION, "close")
                .expectBody()
                .consumeWith(ProblemAssertions.problem(413, "payload-too-large", "/api/test/items"));
    }

    @Test
    void closesTheConnectionAfterAProblemForARequestWithABodyOnly() {
        // answered before the body is read: the connection is not reused for the client's next request
        post("/api/test/orders/not-a-uuid/cancel", itemJson("pen"))
                .expectHeader()
                .valueEquals(HttpHeaders.CONNECTION, "close")
                .expectBody()
                .consumeWith(ProblemAssertions.problem(400, "validation", "/api/test/orders/not-a-uuid/cancel"));
        asCustomer()
                .get()
                .uri("/api/test/items/not-a-uuid")
                .exchange()
                .expectHeader()
                .doesNotExist(HttpHeaders.CONNECTION)
                .expectBody()
                .consumeWith(ProblemAssertions.problem(400, "validation", "/api/test/items/not-a-uuid"));
    }

    @Test
    void refusesAChunkedBodyThatExceedsTheLimitWhileDecoding() {
        byte[] json = itemJson("x".repeat(MAX_REQUEST_BODY * 4)).getBytes(StandardCharsets.UTF_8);
        Flux<DataBuffer> chunks = Flux.range(0, 8)
                .map(i -> DefaultDataBufferFactory.sharedInstance.wrap(
                        Arrays.copyOfRange(json, i * json.length / 8, (i + 1) * json.length / 8)));

        asCustomer()
                .post()
                .uri("/api/test/items")
                .contentType(MediaType.APPLICATION_JSON)
                .body(BodyInserters.fromDataBuffers(chunks))
                .exchange()
                .expectBody()
                .consumeWith(result -> assertThat(result.getRequestHeaders().getContentLength())
                        .as("sent without Content-Length")
                        .isEqualTo(-1))
                .consumeWith(ProblemAssertions.problem(413, "payload-too-large", "/api/test/items"));
    }

    @Test
    void acceptsABodyWithinTheLimit() {
        post("/api/test/items", itemJson("pen"))
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.name")
                .isEqualTo("pen");
    }

    @Test
    void listsEveryInvalidFieldOfTheBody() {
        post("/api/test/items", "{\"name\": \" \", \"quantity\": 100}")
                .expectBody()
                .consumeWith(ProblemAssertions.problem(400, "validation", "/api/test/items"))
                .jsonPath("$.errors.length()")
                .isEqualTo(2)
                .jsonPath("$.errors[0].field")
                .isEqualTo("name")
                .jsonPath("$.errors[0].message")
                .isNotEmpty()
                .jsonPath("$.errors[1].field")
                .isEqualTo("quantity");
    }

    @Test
    void refusesAControlCharacterInABodyFieldNamingIt() {
        for (String bad : new String[] {"pen\\u0000", "pen\\n", "\\t", "pen\\u007f", "pen\\u0085"}) {
            post("/api/test/items", "{\"name\": \"" + bad + "\", \"quantity\": 2}")
                    .expectBody()
                    .consumeWith(ProblemAssertions.problem(400, "validation", "/api/test/items"))
                    .jsonPath("$.errors.length()")
                    .isEqualTo(1)
                    .jsonPath("$.errors[0].field")
                    .isEqualTo("name")
                    .jsonPath("$.errors[0].message")
                    .isEqualTo("must not contain control characters");
        }
        // printable text beyond ASCII is text
        post("/api/test/items", "{\"name\": \"Füller – 万年筆\", \"quantity\": 2}")
                .expectStatus()
                .isCreated();
    }

    @Test
    void refusesAControlCharacterInAQueryParameterOrThePathBeforeTheHandler() {
        // the parameter need not be one the handler reads: nothing with a control character gets further
        String[][] queries = {{"size", "2\u0000"}, {"category", "\u0000"}, {"note", "a\nb"}};
        for (String[] query : queries) {
            asCustomer()
                    .get()
                    .uri(builder -> builder.path("/api/test/items")
                            .queryParam(query[0], "{value}")
                            .build(query[1]))
                    .exchange()
                    .expectBody()
                    .consumeWith(ProblemAssertions.problem(400, "validation", "/api/test/items"))
                    .jsonPath("$.errors[0].field")
                    .isEqualTo(query[0])
                    .jsonPath("$.errors[0].message")
                    .isEqualTo("must not contain control characters");
        }
        // without a token too: it is refused before the token check
        client.get()
                .uri(builder -> builder.path("/api/test/items/{id}").build("a\u0007b"))
                .exchange()
                .expectBody()
                .consumeWith(ProblemAssertions.problem(400, "validation", "/api/test/items/a%07b"))
                .jsonPath("$.errors[0].field")
                .isEqualTo("path");
    }

    @Test
    void namesTheQueryParameterThatBreaksAConstraint() {
        asCustomer()
                .get()
                .uri("/api/test/items?size=500")
                .exchange()
                .expectBody()
                .consumeWith(ProblemAssertions.problem(400, "validation", "/api/test/items"))
                .jsonPath("$.errors[0].field")
                .isEqualTo("size");
    }

    @Test
    void answersABadUuidInThePathWithValidationNamingTheParameter() {
        asCustomer()
                .get()
                .uri("/api/test/items/not-a-uuid")
                .exchange()
                .expectBody()
                .consumeWith(ProblemAssertions.problem(400, "validation", "/api/test/items/not-a-uuid"))
                .jsonPath("$.errors[0].field")
                .isEqualTo("id")
                .jsonPath("$.errors[0].message")
                .isEqualTo("must be a valid UUID");
    }

    @Test
    void answersAnUnknownPathWithNotFound() {
        asCustomer()
                .get()
                .uri("/api/test/nothing-here")
                .exchange()
                .expectBody()
                .consumeWith(ProblemAssertions.problem(404, "not-found", "/api/test/nothing-here"));
    }

    @Test
    void answersAWrongMethodWith405AndTheAllowedMethods() {
        asCustomer()
                .delete()
                .uri("/api/test/items")
                .exchange()
                .expectHeader()
                .value(HttpHeaders.ALLOW, allow -> assertThat(allow).contains("GET", "POST"))
                .expectBody()
                .consumeWith(ProblemAssertions.problem(405, "method-not-allowed", "/api/test/items"));
    }

    @Test
    void answersADomainExceptionWithItsTypeDetailAndProperties() {
        UUID orderId = UUID.randomUUID();

        asCustomer()
                .post()
                .uri("/api/test/orders/{id}/cancel", orderId)
                .exchange()
                .expectBody()
                .consumeWith(ProblemAssertions.problem(
                        409, "order-not-cancellable", "/api/test/orders/" + orderId + "/cancel"))
                .jsonPath("$.title")
                .isEqualTo("Order not cancellable")
                .jsonPath("$.detail")
                .isEqualTo("Order " + orderId + " is paid and can no longer be cancelled.")
                .jsonPath("$.orderId")
                .isEqualTo(orderId.toString());
    }

    @Test
    void answersAnUnexpectedExceptionWithInternalThatLeaksNothing() {
        asCustomer()
                .get()
                .uri("/api/test/boom")
                .exchange()
                .expectBody()
                .consumeWith(ProblemAssertions.problem(500, "internal", "/api/test/boom"))
                .jsonPath("$.detail")
                .isEqualTo(ExceptionProblems.INTERNAL_DETAIL)
                .consumeWith(result -> assertThat(new String(result.getResponseBodyContent(), StandardCharsets.UTF_8))
                        .doesNotContain(TestController.SECRET)
                        .doesNotContain("IllegalStateException")
                        .doesNotContain("java.")
                        .doesNotContain("at dev.shop"));
    }

    @Test
    void answersADatabaseThatCannotBeReachedWith503AndRetryAfter() {
        asCustomer()
                .get()
                .uri("/api/test/database-down")
                .exchange()
                .expectHeader()
                .valueEquals("Retry-After", "2")
                .expectBody()
                .consumeWith(ProblemAssertions.problem(503, "service-unavailable", "/api/test/database-down"))
                .consumeWith(result -> assertThat(new String(result.getResponseBodyContent(), StandardCharsets.UTF_8))
                        .doesNotContain("R2DBC")
                        .doesNotContain("08006"));
    }

    @Test
    void reportsTheTraceIdOfTheIncomingTraceparent() {
        asCustomer()
                .get()
                .uri("/api/test/boom")
                .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .exchange()
                .expectBody()
                .jsonPath("$.traceId")
                .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void givesEveryProblemItsOwnTraceIdWithoutTraceparent() {
        String first = traceIdOf(asCustomer().get().uri("/api/test/boom").exchange());
        String second = traceIdOf(asCustomer().get().uri("/api/test/boom").exchange());

        assertThat(first).matches("[0-9a-f]{32}");
        assertThat(second).matches("[0-9a-f]{32}").isNotEqualTo(first);
    }

    private WebTestClient.ResponseSpec post(String path, String json) {
        return asCustomer()
                .method(HttpMethod.POST)
                .uri(path)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json)
                .exchange();
    }

    private static String itemJson(String name) {
        return "{\"name\": \"" + name + "\", \"quantity\": 1}";
    }

    private static String traceIdOf(WebTestClient.ResponseSpec response) {
        String body = new String(response.expectBody().returnResult().getResponseBodyContent(), StandardCharsets.UTF_8);
        return body.replaceAll("(?s).*\"traceId\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }
}
