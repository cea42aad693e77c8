package dev.shop.common.apidocs;

import dev.shop.common.problem.ProblemType;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;

/**
 * Declares every error an operation can answer, as {@code application/problem+json} with the shared {@code Problem}
 * schema and an example per problem type. Besides the operation's own {@link Problems}, the shape of the operation
 * decides: a body can be malformed, invalid, too large or of the wrong type; parameters can be invalid; a bearer token
 * can be missing (where one is needed) or bad (anywhere); the gateway in front can refuse for the rate limit or find
 * the service unavailable; and anything can fail unexpectedly (500).
 */
final class ProblemResponses implements OperationCustomizer {

    static final String PROBLEM_JSON = "application/problem+json";
    static final String PROBLEM_SCHEMA = "#/components/schemas/" + ProblemSchema.NAME;

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        Set<ProblemType> types = EnumSet.noneOf(ProblemType.class);
        boolean body = Arrays.stream(handler.getMethodParameters())
                .anyMatch(parameter -> parameter.hasParameterAnnotation(RequestBody.class));
        if (body) {
            types.addAll(List.of(
                    ProblemType.VALIDATION,
                    ProblemType.MALFORMED_REQUEST,
                    ProblemType.PAYLOAD_TOO_LARGE,
                    ProblemType.UNSUPPORTED_MEDIA_TYPE));
        }
        if (operation.getParameters() != null && !operation.getParameters().isEmpty()) {
            types.add(ProblemType.VALIDATION);
        }
        // a public operation too refuses a bearer token that is sent but bad
        types.add(ProblemType.UNAUTHORIZED);
        for (Problems own : new Problems[] {
            handler.getBeanType().getAnnotation(Problems.class), handler.getMethodAnnotation(Problems.class)
        }) {
            if (own != null) {
                types.addAll(List.of(own.value()));
            }
        }
        types.add(ProblemType.RATE_LIMITED);
        types.add(ProblemType.INTERNAL);
        types.add(ProblemType.SERVICE_UNAVAILABLE);

        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        Map<Integer, List<ProblemType>> byStatus = types.stream()
                .collect(Collectors.groupingBy(type -> type.status().value(), TreeMap::new, Collectors.toList()));
        byStatus.forEach((status, ofStatus) -> responses.addApiResponse(String.valueOf(status), response(ofStatus)));
        operation.setResponses(responses);
        return operation;
    }

    private static ApiResponse response(List<ProblemType> types) {
        Map<String, Example> examples = new LinkedHashMap<>();
        types.forEach(type ->
                examples.put(type.slug(), new Example().summary(type.title()).value(ProblemExamples.of(type))));
        var response = new ApiResponse()
                .description(types.stream().map(ProblemExamples::when).collect(Collectors.joining("; ")))
                .content(new Content()
                        .addMediaType(
                                PROBLEM_JSON,
                                new MediaType()
                                        .schema(new Schema<>().$ref(PROBLEM_SCHEMA))
                                        .examples(examples)));
        int status = types.getFirst().status().value();
        if (status == 429 || status == 503) {
            response.addHeaderObject(
                    HttpHeaders.RETRY_AFTER,
                    new Header()
                            .description("Seconds to wait before trying again")
                            .schema(ProblemSchema.typed("integer").minimum(BigDecimal.ZERO)));
        }
        return response;
    }
}
