package dev.shop.common.apidocs;

import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Schema;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code Problem} schema every error response refers to: RFC 9457 problem details with the shop's
 * {@code traceId} and, for validation problems, {@code errors}.
 */
final class ProblemSchema {

    static final String NAME = "Problem";
    static final String FIELD_VIOLATION = "FieldViolation";

    private ProblemSchema() {}

    /** The schemas to add to the document's components. */
    static Map<String, Schema<?>> components() {
        Schema<?> violation = typed("object")
                .description("One invalid field or parameter and what is wrong with it")
                .addProperty("field", typed("string").description("The field (a.b[0].c) or parameter name"))
                .addProperty("message", typed("string").description("What is wrong, in words"))
                .required(List.of("field", "message"));
        Schema<?> problem = typed("object")
                .description("An RFC 9457 problem, as every error of the API is answered")
                .addProperty(
                        "type", typed("string").format("uri").description("Identifies the kind of problem; stable"))
                .addProperty("title", typed("string").description("A short summary of the kind of problem"))
                .addProperty("status", typed("integer").format("int32").description("The HTTP status"))
                .addProperty("detail", typed("string").description("What went wrong with this request"))
                .addProperty("instance", typed("string").format("uri-reference").description("The path of the request"))
                .addProperty("traceId", typed("string").description("The request's trace id, to quote when reporting"))
                .addProperty(
                        "errors",
                        new ArraySchema()
                                .items(new Schema<>().$ref("#/components/schemas/" + FIELD_VIOLATION))
                                .types(Set.of("array"))
                                .description("For validation problems: each invalid field or parameter"))
                .required(List.of("type", "title", "status"));
        return Map.of(NAME, problem, FIELD_VIOLATION, violation);
    }

    /** A schema of one JSON type, written for both OpenAPI 3.0 ({@code type}) and 3.1 ({@code types}). */
    static Schema<Object> typed(String type) {
        Schema<Object> schema = new Schema<>();
        schema.setType(type);
        schema.setTypes(Set.of(type));
        return schema;
    }
}
