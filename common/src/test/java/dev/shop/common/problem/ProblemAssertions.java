package dev.shop.common.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Checks the shape every problem must have, for WebTestClient's {@code consumeWith}. */
public final class ProblemAssertions {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ProblemAssertions() {}

    /**
     * Status, {@code application/problem+json}, {@code type} of {@code slug}, a title and detail, {@code instance} =
     * the request path and a 32-hex {@code traceId}.
     */
    public static Consumer<EntityExchangeResult<byte[]>> problem(int status, String slug, String instance) {
        return result -> {
            assertThat(result.getStatus().value()).as("status").isEqualTo(status);
            assertThat(result.getResponseHeaders().getContentType())
                    .as("content type")
                    .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            byte[] content = result.getResponseBodyContent();
            assertThat(content).as("body").isNotNull();
            JsonNode body = MAPPER.readTree(content);
            assertThat(body.path("type").asString()).as("type").isEqualTo(ProblemType.BASE_URI + slug);
            assertThat(body.path("status").asInt()).as("status member").isEqualTo(status);
            assertThat(body.path("title").asString()).as("title").isNotBlank();
            assertThat(body.path("detail").asString()).as("detail").isNotBlank();
            assertThat(body.path("instance").asString()).as("instance").isEqualTo(instance);
            assertThat(body.path("traceId").asString()).as("traceId").matches("[0-9a-f]{32}");
        };
    }
}
