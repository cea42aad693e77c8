package dev.shop.common.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.CannotCreateTransactionException;

/** Which database failures are "unavailable for a moment" (503) and which are the statement's own (500 or 4xx). */
class DatabaseUnavailableTest {

    @Test
    void noConnectionForATransactionIsUnavailable() {
        assertThat(DatabaseUnavailable.causedBy(new CannotCreateTransactionException(
                        "Could not open R2DBC Connection for transaction",
                        new R2dbcNonTransientResourceException("Connection validation failed"))))
                .isTrue();
    }

    @Test
    void aConnectionClosedOrRefusedUnderTheRequestIsUnavailable() {
        var closed = new R2dbcNonTransientResourceException("Connection unexpectedly closed", "08006");
        var shuttingDown =
                new R2dbcNonTransientResourceException("terminating connection due to administrator command", "57P01");
        var starting = new R2dbcNonTransientResourceException("the database system is starting up", "57P03");

        assertThat(DatabaseUnavailable.causedBy(new DataAccessResourceFailureException("update failed", closed)))
                .isTrue();
        assertThat(DatabaseUnavailable.causedBy(shuttingDown)).isTrue();
        assertThat(DatabaseUnavailable.causedBy(starting)).isTrue();
        assertThat(DatabaseUnavailable.causedBy(new R2dbcTransientResourceException("pool exhausted")))
                .isTrue();
        assertThat(DatabaseUnavailable.causedBy(new DataAccessResourceFailureException(
                        "Failed to obtain R2DBC Connection", new IllegalStateException("acquire timed out"))))
                .isTrue();
    }

    @Test
    void aStatementTheDatabaseRefusesIsNot() {
        // a trigger's raise exception (P0001) comes as a non-transient resource failure, yet the database is up
        var raised = new R2dbcNonTransientResourceException("profile refused", "P0001");

        assertThat(DatabaseUnavailable.causedBy(new DataAccessResourceFailureException("insert failed", raised)))
                .isFalse();
        assertThat(DatabaseUnavailable.causedBy(new DataIntegrityViolationException(
                        "duplicate key", new R2dbcBadGrammarException("duplicate", "23505"))))
                .isFalse();
        assertThat(DatabaseUnavailable.causedBy(new IllegalStateException("boom")))
                .isFalse();
    }
}
