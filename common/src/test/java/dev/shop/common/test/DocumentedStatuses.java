package dev.shop.common.test;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.WebTestClientBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Holds a service's OpenAPI document to what its integration tests observe: every response a test's
 * {@code WebTestClient} gets for a documented operation must have a status that the operation declares, or the
 * request fails with an {@link AssertionError} naming the operation, the status and the declared ones. The document
 * is the one the running service serves (at {@code springdoc.api-docs.path}), read once per server. Requests to paths
 * or methods the document does not have (probes of unknown routes, 405s) are not operations and are not checked.
 */
@TestConfiguration(proxyBeanMethods = false)
public class DocumentedStatuses {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Bean
    WebTestClientBuilderCustomizer documentedStatuses(Environment environment) {
        String documentPath = environment.getRequiredProperty("springdoc.api-docs.path");
        var filter = new Filter(documentPath);
        return builder -> builder.filter(filter);
    }

    /** One operation of the document: how its path matches, and the statuses it declares. */
    record Operation(String method, String path, Pattern pattern, int variables, List<String> statuses) {

        boolean matches(String method, String path) {
            return this.method.equalsIgnoreCase(method) && pattern.matcher(path).matches();
        }
    }

    static final class Filter implements ExchangeFilterFunction {

        private static final Pattern VARIABLE = Pattern.compile("\\{[^}]+}");

        private final String documentPath;
        private volatile Mono<List<Operation>> operations;

        Filter(String documentPath) {
            this.documentPath = documentPath;
        }

        @Override
        public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
            if (request.url().getPath().equals(documentPath)) {
                return next.exchange(request);
            }
            return next.exchange(request)
                    .flatMap(response -> operations(request)
                            .map(all ->
                                    check(all, request, response.statusCode().value()))
                            .thenReturn(response));
        }

        private Mono<List<Operation>> operations(ClientRequest request) {
            Mono<List<Operation>> known = operations;
            if (known == null) {
                String server = UriComponentsBuilder.fromUri(request.url())
                        .replacePath(null)
                        .replaceQuery(null)
                        .toUriString();
                known = WebClient.create(server)
                        .get()
                        .uri(documentPath)
                        .retrieve()
                        .bodyToMono(String.class)
                        .map(json -> read(JSON.readTree(json)))
                        .cache();
                operations = known;
            }
            return known;
        }

        private static boolean check(List<Operation> operations, ClientRequest request, int status) {
            String method = request.method().name();
            String path = request.url().getRawPath();
            Optional<Operation> operation = operations.stream()
                    .filter(candidate -> candidate.matches(method, path))
                    .min(Comparator.comparingInt(Operation::variables));
            operation.ifPresent(found -> {
                String observed = String.valueOf(status);
                String range = observed.charAt(0) + "XX";
                if (!found.statuses().contains(observed) && !found.statuses().contains(range)) {
                    throw new AssertionError(found.method() + " " + found.path() + " answered " + status + " to "
                            + method + " " + path + ", a status its OpenAPI document does not declare (it declares "
                            + found.statuses() + ")");
                }
            });
            return true;
        }

        static List<Operation> read(JsonNode document) {
            return document.path("paths").properties().stream()
                    .flatMap(path -> path.getValue().properties().stream()
                            .filter(method -> method.getValue().has("responses"))
                            .map(method -> operation(method.getKey(), path.getKey(), method.getValue())))
                    .toList();
        }

        private static Operation operation(String method, String path, JsonNode operation) {
            var variable = VARIABLE.matcher(path);
            var regex = new StringBuilder();
            int variables = 0;
            int literalStart = 0;
            while (variable.find()) {
                regex.append(Pattern.quote(path.substring(literalStart, variable.start())))
                        .append("[^/]+");
                literalStart = variable.end();
                variables++;
            }
            regex.append(Pattern.quote(path.substring(literalStart)));
            List<String> statuses = List.copyOf(operation.path("responses").propertyNames());
            return new Operation(
                    method.toUpperCase(Locale.ROOT), path, Pattern.compile(regex.toString()), variables, statuses);
        }
    }
}
