package dev.shop.common.test;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The shop's AsyncAPI document ({@code docs/asyncapi/asyncapi.yaml}, on the test class path as {@code asyncapi/}) as
 * a check of Kafka records: which messages each topic carries, the CloudEvents headers of each message and the JSON
 * Schema of its data. {@link #violations} says what is wrong with one record, in words; nothing means it conforms.
 */
public final class EventContract {

    private static final String ROOT = "asyncapi/";
    private static final String SCHEMA_BASE = "https://shop.example/events/";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One message of the document: its {@code ce_type}, topic, and the schemas of its headers and data. */
    public record Message(String name, String type, String topic, Schema headers, Schema data) {}

    private static EventContract loaded;

    private final Map<String, Message> byType;

    private EventContract(Map<String, Message> byType) {
        this.byType = byType;
    }

    /** The document on the class path, read once. */
    public static synchronized EventContract get() {
        if (loaded == null) {
            loaded = read();
        }
        return loaded;
    }

    /** Every message of the document, by {@code ce_type}. */
    public Map<String, Message> messages() {
        return byType;
    }

    /**
     * What is wrong with a record on {@code topic} with these headers (as strings) and this JSON value: an unknown
     * {@code ce_type}, a type that belongs on another topic, headers or data that do not match their schemas.
     */
    public List<String> violations(String topic, Map<String, String> headers, String value) {
        String type = headers.get("ce_type");
        Message message = type == null ? null : byType.get(type);
        if (message == null) {
            return List.of("no message of the AsyncAPI document has ce_type " + type);
        }
        var violations = new ArrayList<String>();
        if (!message.topic().equals(topic)) {
            violations.add(type + " belongs on " + message.topic() + ", not on " + topic);
        }
        ObjectNode headerNode = JSON.createObjectNode();
        headers.forEach(headerNode::put);
        message.headers().validate(headerNode).forEach(error -> violations.add("headers: " + describe(error)));
        JsonNode data;
        try {
            data = JSON.readTree(value);
        } catch (RuntimeException notJson) {
            violations.add("data is not JSON: " + notJson.getMessage());
            return violations;
        }
        message.data().validate(data).forEach(error -> violations.add("data: " + describe(error)));
        return violations;
    }

    /** Where in the value, and what is wrong there. */
    private static String describe(com.networknt.schema.Error error) {
        return error.getInstanceLocation() + " " + error.getMessage();
    }

    private static EventContract read() {
        JsonNode document = new YAMLMapper().readTree(resource("asyncapi.yaml"));
        SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(
                SpecificationVersion.DRAFT_7,
                builder -> builder.schemaIdResolvers(
                        resolvers -> resolvers.mapPrefix(SCHEMA_BASE, "classpath:" + ROOT + "schemas/")));
        Map<String, String> topics = new LinkedHashMap<>();
        document.path("channels")
                .properties()
                .forEach(channel -> channel.getValue()
                        .path("messages")
                        .values()
                        .forEach(reference -> topics.put(
                                name(reference.path("$ref").asString()),
                                channel.getValue().path("address").asString())));
        Map<String, Message> byType = new LinkedHashMap<>();
        document.path("components").path("messages").properties().forEach(entry -> {
            String name = entry.getKey();
            JsonNode message = entry.getValue();
            String type = message.path("headers")
                    .path("properties")
                    .path("ce_type")
                    .path("const")
                    .asString();
            String payload = message.path("payload").path("schema").path("$ref").asString();
            var headers = schemas.getSchema(message.path("headers"));
            var data = schemas.getSchema(SchemaLocation.of("classpath:" + ROOT + payload.replaceFirst("^\\./", "")));
            byType.put(
                    type,
                    new Message(
                            name,
                            type,
                            Objects.requireNonNull(topics.get(name), () -> name + " is on no channel"),
                            headers,
                            data));
        });
        return new EventContract(Map.copyOf(byType));
    }

    private static String name(String reference) {
        return reference.substring(reference.lastIndexOf('/') + 1);
    }

    private static InputStream resource(String name) {
        InputStream stream = EventContract.class.getClassLoader().getResourceAsStream(ROOT + name);
        if (stream == null) {
            throw new UncheckedIOException(new IOException(ROOT + name + " is not on the class path"));
        }
        return stream;
    }
}
