package dev.shop.common.apidocs;

import dev.shop.common.problem.ProblemType;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problems an operation answers besides those every operation of its kind can answer. The OpenAPI document
 * declares, for each status, an {@code application/problem+json} response with an example per problem type; the
 * statuses that follow from the operation's shape (a body, parameters, a bearer token, the gateway in front) are added
 * by {@link ProblemResponses} without being listed here. On a controller, the problems apply to each of its
 * operations.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Problems {

    /** The problem types the operation itself can answer. */
    ProblemType[] value();
}
