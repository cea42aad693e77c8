package dev.shop.common.problem;

import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.util.ClassUtils;

/**
 * Failures that say the service's own database cannot be used right now (it restarts, fails over, or takes no more
 * connections), as opposed to a statement it refused: no connection could be had, or the one in use was closed under
 * the request. The request may well succeed a moment later, so the client gets 503 with {@code Retry-After}, not a
 * 500. {@link #causedBy} is only called where Spring's transactions and R2DBC are on the classpath ({@link #PRESENT});
 * the gateway has no R2DBC, and the JVM resolves the classes named there only when the checks first run.
 */
final class DatabaseUnavailable {

    static final boolean PRESENT = ClassUtils.isPresent(
                    "org.springframework.transaction.CannotCreateTransactionException",
                    DatabaseUnavailable.class.getClassLoader())
            && ClassUtils.isPresent("io.r2dbc.spi.R2dbcException", DatabaseUnavailable.class.getClassLoader());

    /** How soon to try again: about what a restart or a fail-over of PostgreSQL takes. */
    static final String RETRY_AFTER_SECONDS = "2";

    static final String DETAIL = "The service's database is unavailable for a moment. Retry later.";

    /** What Spring's {@code ConnectionFactoryUtils} says when the pool could not hand out a connection at all. */
    private static final String NO_CONNECTION = "Failed to obtain R2DBC Connection";

    private DatabaseUnavailable() {}

    /** Whether {@code ex}, or one of its causes, is such a failure. */
    static boolean causedBy(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof CannotCreateTransactionException
                    || cause instanceof R2dbcTransientResourceException
                    || (cause instanceof DataAccessResourceFailureException
                            && String.valueOf(cause.getMessage()).startsWith(NO_CONNECTION))
                    || (cause instanceof R2dbcException r2dbc && connectionLost(r2dbc.getSqlState()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * SQLSTATE class 08 (connection exception) or the server shutting down or starting ({@code 57P01}
     * admin_shutdown, {@code 57P02} crash_shutdown, {@code 57P03} cannot_connect_now).
     */
    private static boolean connectionLost(String sqlState) {
        return sqlState != null
                && (sqlState.startsWith("08")
                        || sqlState.equals("57P01")
                        || sqlState.equals("57P02")
                        || sqlState.equals("57P03"));
    }
}
