package dev.shop.common.problem;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.util.ClassUtils;

/**
 * Failures that say the service's own database cannot be used right now (it restarts, fails over, or refuses more
 * connections): no connection could be had, or the one in use was closed under the request. The request may well
 * succeed a moment later, so the client gets 503 with {@code Retry-After}, not a 500. Only a service with Spring's
 * data access classes loads this class ({@link #PRESENT}); the gateway has none.
 */
final class DatabaseUnavailable {

    static final boolean PRESENT = ClassUtils.isPresent(
                    "org.springframework.dao.DataAccessException", DatabaseUnavailable.class.getClassLoader())
            && ClassUtils.isPresent(
                    "org.springframework.transaction.CannotCreateTransactionException",
                    DatabaseUnavailable.class.getClassLoader());

    /** How soon to try again: about what a restart or a fail-over of PostgreSQL takes. */
    static final String RETRY_AFTER_SECONDS = "2";

    static final String DETAIL = "The service's database is unavailable for a moment. Retry later.";

    private DatabaseUnavailable() {}

    /** Whether {@code ex}, or one of its causes, is such a failure. */
    static boolean causedBy(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof CannotCreateTransactionException
                    || cause instanceof DataAccessResourceFailureException
                    || cause instanceof TransientDataAccessResourceException) {
                return true;
            }
        }
        return false;
    }
}
