package dev.shop.common.test;

import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriBuilder;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends a control character to every text input that a service's OpenAPI document declares: each string query
 * parameter, and each string field (nested ones and array items too) of each JSON request body, one at a time, and
 * collects every answer that is not a 400 {@code validation} problem naming that input. UUIDs, enums and dates are not
 * text and are left out; path variables get a fresh UUID (or {@code probe}) and required headers a valid value.
 */
public final class ControlCharacterProbe {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String BAD = "probe\u0000text";

    /** What one probe was and what came back. */
    public record Probe(String operation, String input, int status, String answer) {

        boolean refused() {
            if (status != 400) {
                return false;
            }
            JsonNode problem = JSON.readTree(answer);
            if (!problem.path("type").asString("").endsWith("/validation")) {
                return false;
            }
            for (JsonNode error : problem.path("errors")) {
                if (error.path("field").asString("").equals(input)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return operation + " with a control character in " + input + " answered " + status + " " + answer;
        }
    }

    private final WebTestClient client;
    private final JsonNode document;

    private ControlCharacterProbe(WebTestClient client, JsonNode document) {
        this.client = client;
        this.document = document;
    }

    /**
     * Probes every operation of the document at {@code apiDocs} with {@code client} (which carries whatever token the
     * operations need), except {@code skipped} ones ({@code "POST /api/payments/webhook"}, say, whose body is raw).
     */
    public static List<Probe> everyTextInput(WebTestClient client, String apiDocs, Set<String> skipped) {
        String body = client.get()
                .uri(apiDocs)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        var probe = new ControlCharacterProbe(client, JSON.readTree(body));
        List<Probe> probes = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : probe.document.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                HttpMethod method = HttpMethod.valueOf(operation.getKey().toUpperCase(java.util.Locale.ROOT));
                String name = method.name() + " " + path.getKey();
                if (!skipped.contains(name)) {
                    probes.addAll(probe.probe(name, method, path.getKey(), operation.getValue()));
                }
            }
        }
        return probes;
    }

    /** The probes whose answer was not the expected refusal. */
    public static List<Probe> unrefused(List<Probe> probes) {
        return probes.stream().filter(probe -> !probe.refused()).toList();
    }

    private List<Probe> probe(String name, HttpMethod method, String template, JsonNode operation) {
        List<Probe> probes = new ArrayList<>();
        Map<String, String> pathValues = new LinkedHashMap<>();
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> textQueryParameters = new ArrayList<>();
        for (JsonNode parameter : operation.path("parameters")) {
            JsonNode schema = resolve(parameter.path("schema"));
            String parameterName = parameter.path("name").asString();
            switch (parameter.path("in").asString()) {
                case "path" ->
                    pathValues.put(
                            parameterName,
                            "uuid".equals(schema.path("format").asString(null))
                                    ? UUID.randomUUID().toString()
                                    : "probe");
                case "header" -> {
                    if (parameter.path("required").asBoolean(false)) {
                        headers.put(parameterName, headerValue(parameterName));
                    }
                }
                case "query" -> {
                    if (isText(schema) || (isArray(schema) && isText(resolve(schema.path("items"))))) {
                        textQueryParameters.add(parameterName);
                    }
                }
                default -> {}
            }
        }
        String path = UriComponentsBuilder.fromPath(template)
                .buildAndExpand(pathValues)
                .toUriString();
        for (String parameter : textQueryParameters) {
            Function<UriBuilder, URI> uri =
                    builder -> builder.path(path).queryParam(parameter, "{bad}").build(BAD);
            probes.add(send(name, parameter, method, uri, headers, null));
        }
        JsonNode body = resolve(operation
                .path("requestBody")
                .path("content")
                .path("application/json")
                .path("schema"));
        if (!body.isMissingNode()) {
            for (Map.Entry<String, Function<String, JsonNode>> field :
                    textFields(body, "").entrySet()) {
                probes.add(send(
                        name,
                        field.getKey(),
                        method,
                        builder -> builder.path(path).build(),
                        headers,
                        JSON.writeValueAsString(field.getValue().apply(BAD))));
            }
        }
        return probes;
    }

    /** Each text field under {@code schema}, by its path, with a body that holds a given value there and nothing else. */
    private Map<String, Function<String, JsonNode>> textFields(JsonNode schema, String prefix) {
        Map<String, Function<String, JsonNode>> fields = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> properties =
                schema.path("properties").properties().iterator();
        while (properties.hasNext()) {
            var property = properties.next();
            String name = prefix.isEmpty() ? property.getKey() : prefix + "." + property.getKey();
            JsonNode type = resolve(property.getValue());
            String key = property.getKey();
            if (isText(type)) {
                fields.put(name, value -> object(key, JsonNodeFactory.instance.stringNode(value)));
            } else if (isArray(type) && isText(resolve(type.path("items")))) {
                fields.put(
                        name + "[0]",
                        value ->
                                object(key, JsonNodeFactory.instance.arrayNode().add(value)));
            } else if (type.has("properties")) {
                textFields(type, name)
                        .forEach((nested, body) -> fields.put(nested, value -> object(key, body.apply(value))));
            }
        }
        return fields;
    }

    private static ObjectNode object(String name, JsonNode value) {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        object.set(name, value);
        return object;
    }

    private Probe send(
            String operation,
            String input,
            HttpMethod method,
            Function<UriBuilder, URI> uri,
            Map<String, String> headers,
            @Nullable String body) {
        var request = client.method(method).uri(uri).headers(h -> headers.forEach(h::set));
        var exchange = body == null
                ? request.exchange()
                : request.contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body)
                        .exchange();
        var result = exchange.expectBody(String.class).returnResult();
        return new Probe(operation, input, result.getStatus().value(), String.valueOf(result.getResponseBody()));
    }

    private static String headerValue(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "if-match" -> "\"0\"";
            default -> "probe-" + UUID.randomUUID();
        };
    }

    private JsonNode resolve(JsonNode schema) {
        String ref = schema.path("$ref").asString(null);
        if (ref != null && ref.startsWith("#/components/schemas/")) {
            return resolve(
                    document.path("components").path("schemas").path(ref.substring("#/components/schemas/".length())));
        }
        // springdoc writes a nullable reference as oneOf/anyOf [ref, null]
        for (String combinator : new String[] {"oneOf", "anyOf", "allOf"}) {
            for (JsonNode option : schema.path(combinator)) {
                JsonNode resolved = resolve(option);
                if (!"null".equals(resolved.path("type").asString(null))) {
                    return resolved;
                }
            }
        }
        return schema;
    }

    private static boolean isText(JsonNode schema) {
        return hasType(schema, "string") && !schema.has("enum") && !schema.has("format");
    }

    private static boolean isArray(JsonNode schema) {
        return hasType(schema, "array");
    }

    // OpenAPI 3.1 allows "type": ["string", "null"]
    private static boolean hasType(JsonNode schema, String type) {
        JsonNode types = schema.path("type");
        if (types.isArray()) {
            for (JsonNode each : types) {
                if (type.equals(each.asString())) {
                    return true;
                }
            }
            return false;
        }
        return type.equals(types.asString(null));
    }

    /** For a test's assertion message: how many probes were sent, to which operations. */
    public static String summary(List<Probe> probes) {
        Set<String> operations = new java.util.TreeSet<>();
        probes.forEach(probe -> operations.add(probe.operation() + " " + probe.input()));
        return probes.size() + " probes: " + operations;
    }
}
