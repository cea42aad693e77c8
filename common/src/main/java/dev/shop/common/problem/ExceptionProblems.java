package dev.shop.common.problem;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.MethodParameter;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.reactive.resource.NoResourceFoundException;
import org.springframework.web.server.ContentTooLargeException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.MissingRequestValueException;
import org.springframework.web.server.PayloadTooLargeException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import tools.jackson.core.JacksonException;

/**
 * Maps any exception to the problem the client gets. The one place that decides status, type and detail, so the web
 * exception handler and the security entry points answer alike. Server errors get a fixed detail and are logged here
 * with the trace id; their message never reaches the client.
 */
final class ExceptionProblems {

    static final String INTERNAL_DETAIL =
            "An unexpected error occurred. Quote the traceId when you report it; the cause has been logged.";

    private static final Logger log = LoggerFactory.getLogger(ExceptionProblems.class);

    /** When to try again after the identity provider's key set could not be read: the time it takes to come back. */
    private static final String KEY_SET_RETRY_AFTER_SECONDS = "5";

    private static final Map<ProblemType, String> SERVER_ERROR_DETAILS = Map.of(
            ProblemType.INTERNAL, INTERNAL_DETAIL,
            ProblemType.SERVICE_UNAVAILABLE, "The service is temporarily unavailable. Retry later.",
            ProblemType.GATEWAY_TIMEOUT, "An upstream service did not answer in time. Retry later.");

    ErrorResponse toProblem(Throwable ex, ServerWebExchange exchange) {
        ErrorResponse problem = resolve(ex, exchange);
        boolean deliberate = ex instanceof ShopException shop && !shop.serverFault();
        if (DatabaseUnavailable.PRESENT && DatabaseUnavailable.causedBy(ex)) {
            // expected while the database restarts or fails over, maybe for many requests at once: a line each, no
            // trace
            log.warn(
                    "{} {} answered 503, the database is unavailable: {} [traceId={}]",
                    exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(),
                    ex.toString(),
                    TraceIds.of(exchange));
        } else if (problem.getStatusCode().is5xxServerError() && !deliberate) {
            log.error(
                    "{} {} failed with {} [traceId={}]",
                    exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(),
                    problem.getStatusCode().value(),
                    TraceIds.of(exchange),
                    ex);
        } else if (log.isDebugEnabled()) {
            log.debug(
                    "{} {} answered {}: {} [traceId={}]",
                    exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(),
                    problem.getStatusCode().value(),
                    ex.toString(),
                    TraceIds.of(exchange));
        }
        return problem;
    }

    private ErrorResponse resolve(Throwable ex, ServerWebExchange exchange) {
        if (ex instanceof ShopException shop) {
            ErrorResponse.Builder builder =
                    problem(ex, shop.type(), shop.detail()).headers(headers -> headers.addAll(shop.headers()));
            shop.properties().forEach(builder::property);
            return builder.build();
        }
        if (ex instanceof WebExchangeBindException bind) {
            return validation(ex, violations(bind, bind.getObjectName()));
        }
        if (ex instanceof HandlerMethodValidationException methodValidation) {
            return validation(ex, violations(methodValidation));
        }
        if (ex instanceof ConstraintViolationException constraintViolation) {
            return validation(ex, violations(constraintViolation));
        }
        if (ex instanceof MethodNotAllowedException notAllowed) {
            return problem(
                            ex,
                            ProblemType.METHOD_NOT_ALLOWED,
                            "Method " + notAllowed.getHttpMethod() + " is not allowed on this resource.")
                    .headers(headers -> headers.setAllow(notAllowed.getSupportedMethods()))
                    .build();
        }
        if (ex instanceof UnsupportedMediaTypeStatusException unsupported) {
            return problem(ex, ProblemType.UNSUPPORTED_MEDIA_TYPE, unsupportedMediaTypeDetail(unsupported))
                    .headers(headers -> headers.addAll(unsupported.getHeaders()))
                    .build();
        }
        if (isTooLarge(ex)) {
            return problem(ex, ProblemType.PAYLOAD_TOO_LARGE, "The request body is too large.")
                    .build();
        }
        if (ex instanceof ControlCharactersRefused refused) {
            return validation(ex, List.of(new FieldViolation(refused.field(), ControlCharacters.MESSAGE)));
        }
        if (ex instanceof MissingRequestValueException missing) {
            return validation(ex, List.of(new FieldViolation(missing.getName(), "is required")));
        }
        if (ex instanceof ServerWebInputException input) {
            return inputProblem(input, exchange);
        }
        if (ex instanceof NoResourceFoundException) {
            return problem(ex, ProblemType.NOT_FOUND, "No resource exists at this path.")
                    .build();
        }
        if (ex instanceof AuthenticationServiceException) {
            // the token could not be checked (e.g. the key set is unreachable): our fault, not the client's
            return problem(
                            ex,
                            ProblemType.SERVICE_UNAVAILABLE,
                            SERVER_ERROR_DETAILS.get(ProblemType.SERVICE_UNAVAILABLE))
                    .headers(headers -> headers.set(HttpHeaders.RETRY_AFTER, KEY_SET_RETRY_AFTER_SECONDS))
                    .build();
        }
        if (ex instanceof AuthenticationException authentication) {
            return unauthorized(authentication);
        }
        if (ex instanceof AccessDeniedException) {
            return problem(ex, ProblemType.FORBIDDEN, "You are not allowed to perform this request.")
                    .build();
        }
        if (DatabaseUnavailable.PRESENT && DatabaseUnavailable.causedBy(ex)) {
            return problem(ex, ProblemType.SERVICE_UNAVAILABLE, DatabaseUnavailable.DETAIL)
                    .headers(headers -> headers.set(HttpHeaders.RETRY_AFTER, DatabaseUnavailable.RETRY_AFTER_SECONDS))
                    .build();
        }
        if (ex instanceof ErrorResponse errorResponse) {
            return byStatus(
                    ex, errorResponse.getStatusCode(), errorResponse.getBody().getDetail(), errorResponse.getHeaders());
        }
        return problem(ex, ProblemType.INTERNAL, INTERNAL_DETAIL).build();
    }

    /** A problem of {@code type}; the writer adds {@code instance} and {@code traceId}. */
    static ErrorResponse.Builder problem(Throwable ex, ProblemType type, String detail) {
        return ErrorResponse.builder(ex, type.status(), detail).type(type.uri()).title(type.title());
    }

    private static ErrorResponse validation(Throwable ex, List<FieldViolation> violations) {
        List<FieldViolation> sorted = violations.stream()
                .sorted(Comparator.comparing(FieldViolation::field).thenComparing(FieldViolation::message))
                .toList();
        return problem(ex, ProblemType.VALIDATION, "The request contains invalid values; see errors.")
                .property("errors", sorted)
                .build();
    }

    private static ErrorResponse inputProblem(ServerWebInputException input, ServerWebExchange exchange) {
        MethodParameter parameter = input.getMethodParameter();
        TypeMismatchException mismatch = findCause(input, TypeMismatchException.class);
        if (mismatch != null && parameter != null) {
            Class<?> requiredType = mismatch.getRequiredType();
            String expected = requiredType != null ? requiredType.getSimpleName() : "value";
            return validation(
                    input, List.of(new FieldViolation(parameterName(parameter), "must be a valid " + expected)));
        }
        PrintableStrings.ControlCharacterInput controlCharacters =
                findCause(input, PrintableStrings.ControlCharacterInput.class);
        if (controlCharacters != null) {
            String field = jsonPath(controlCharacters);
            return validation(
                    input, List.of(new FieldViolation(field.isEmpty() ? "request" : field, ControlCharacters.MESSAGE)));
        }
        // an empty body fails in the decoder (Jackson 3) or as "No request body" (no decoder call): same answer
        boolean emptyBody = exchange.getRequest().getHeaders().getContentLength() == 0;
        boolean bodyParameter = parameter != null && parameter.hasParameterAnnotation(RequestBody.class);
        if (bodyParameter && (emptyBody || input.getCause() == null)) {
            return problem(input, ProblemType.MALFORMED_REQUEST, "A request body is required.")
                    .build();
        }
        if (findCause(input, DecodingException.class) != null) {
            return problem(input, ProblemType.MALFORMED_REQUEST, decodingDetail(input))
                    .build();
        }
        String reason = input.getReason();
        return problem(input, ProblemType.MALFORMED_REQUEST, reason != null ? reason : "The request cannot be read.")
                .build();
    }

    private static String decodingDetail(Throwable ex) {
        String detail = "The request body is not valid JSON or does not match the expected structure";
        JacksonException jackson = findCause(ex, JacksonException.class);
        String path = jackson != null ? jsonPath(jackson) : "";
        return path.isEmpty() ? detail + "." : detail + " (at '" + path + "').";
    }

    private static String jsonPath(JacksonException ex) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : ex.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String unsupportedMediaTypeDetail(UnsupportedMediaTypeStatusException ex) {
        MediaType contentType = ex.getContentType();
        String supported =
                ex.getSupportedMediaTypes().stream().map(MediaType::toString).collect(Collectors.joining(", "));
        String given = contentType == null ? "A request without a content type" : "Content type " + contentType;
        return supported.isEmpty()
                ? given + " is not supported."
                : given + " is not supported; use one of: " + supported + ".";
    }

    private static ErrorResponse unauthorized(AuthenticationException ex) {
        String challenge = "Bearer";
        String detail = "Authentication is required: send a valid bearer token.";
        if (ex instanceof OAuth2AuthenticationException oauth) {
            // RFC 6750: tell the client the token was rejected (but not why, which the logs have)
            challenge = "Bearer error=\"" + oauth.getError().getErrorCode() + "\"";
            detail = "The bearer token is invalid or has expired.";
        }
        String wwwAuthenticate = challenge;
        return problem(ex, ProblemType.UNAUTHORIZED, detail)
                .header(HttpHeaders.WWW_AUTHENTICATE, wwwAuthenticate)
                .build();
    }

    private static ErrorResponse byStatus(
            Throwable ex, HttpStatusCode status, @Nullable String detail, HttpHeaders headers) {
        ProblemType type = ProblemType.forStatus(status.value()).orElse(null);
        String safeDetail;
        if (status.is5xxServerError()) {
            safeDetail = SERVER_ERROR_DETAILS.getOrDefault(type, "The server could not complete the request.");
        } else if (detail != null && !detail.isBlank()) {
            safeDetail = detail;
        } else {
            safeDetail = type != null ? type.title() : "The request cannot be served.";
        }
        ErrorResponse.Builder builder;
        if (type != null) {
            builder = problem(ex, type, safeDetail);
        } else {
            // no API type for this status: RFC 9457 "about:blank", the status says it all
            HttpStatus known = HttpStatus.resolve(status.value());
            builder = ErrorResponse.builder(ex, status, safeDetail)
                    .title(known != null ? known.getReasonPhrase() : "Error " + status.value());
        }
        return builder.headers(target -> target.addAll(headers)).build();
    }

    private static boolean isTooLarge(Throwable ex) {
        return ex instanceof ContentTooLargeException
                || ex instanceof PayloadTooLargeException
                || findCause(ex, DataBufferLimitException.class) != null;
    }

    private static List<FieldViolation> violations(Errors errors, String objectName) {
        List<FieldViolation> violations = new ArrayList<>();
        for (FieldError error : errors.getFieldErrors()) {
            violations.add(new FieldViolation(error.getField(), message(error)));
        }
        errors.getGlobalErrors().forEach(error -> violations.add(new FieldViolation(objectName, message(error))));
        return violations;
    }

    private static List<FieldViolation> violations(HandlerMethodValidationException ex) {
        List<FieldViolation> violations = new ArrayList<>();
        for (ParameterValidationResult result : ex.getParameterValidationResults()) {
            String name = parameterName(result.getMethodParameter());
            if (result instanceof ParameterErrors errors) {
                violations.addAll(violations(errors, name));
            } else {
                result.getResolvableErrors().forEach(error -> violations.add(new FieldViolation(name, message(error))));
            }
        }
        ex.getCrossParameterValidationResults()
                .forEach(error -> violations.add(new FieldViolation("request", message(error))));
        return violations;
    }

    private static List<FieldViolation> violations(ConstraintViolationException ex) {
        List<FieldViolation> violations = new ArrayList<>();
        for (ConstraintViolation<?> violation : ex.getConstraintViolations()) {
            violations.add(new FieldViolation(field(violation.getPropertyPath()), violation.getMessage()));
        }
        return violations;
    }

    // "create.request.name" → "request.name": the method name means nothing to a client
    private static String field(Path path) {
        List<String> names = new ArrayList<>();
        for (Path.Node node : path) {
            boolean executable = node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CONSTRUCTOR;
            if (!executable && node.getName() != null) {
                names.add(node.getName());
            }
        }
        return names.isEmpty() ? "request" : String.join(".", names);
    }

    private static String message(MessageSourceResolvable error) {
        String message = error.getDefaultMessage();
        return message != null ? message : "is invalid";
    }

    /** The name the client used: the annotation's name if given, else the Java parameter name. */
    static String parameterName(MethodParameter parameter) {
        PathVariable pathVariable = parameter.getParameterAnnotation(PathVariable.class);
        if (pathVariable != null && !pathVariable.name().isEmpty()) {
            return pathVariable.name();
        }
        RequestParam requestParam = parameter.getParameterAnnotation(RequestParam.class);
        if (requestParam != null && !requestParam.name().isEmpty()) {
            return requestParam.name();
        }
        RequestHeader requestHeader = parameter.getParameterAnnotation(RequestHeader.class);
        if (requestHeader != null && !requestHeader.name().isEmpty()) {
            return requestHeader.name();
        }
        String name = parameter.getParameterName();
        return name != null ? name : "arg" + parameter.getParameterIndex();
    }

    private static <T extends Throwable> @Nullable T findCause(Throwable ex, Class<T> type) {
        Throwable current = ex;
        // bounded walk: a cause cycle must not hang the error path
        for (int depth = 0; current != null && depth < 16; depth++) {
            if (type.isInstance(current)) {
                return type.cast(current);
            }
            current = current.getCause();
        }
        return null;
    }
}
