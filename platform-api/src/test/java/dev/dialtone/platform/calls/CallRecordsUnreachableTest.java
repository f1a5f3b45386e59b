package dev.dialtone.platform.calls;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransientConnectionException;

import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;

/** A batch that fails for want of a connection is not retried row by row; one the database refused is. */
class CallRecordsUnreachableTest {
    @Test
    void connectionFailuresAreToldFromRefusedRows() {
        assertThat(CallRecords.unreachable(new DataAccessException("x", new SQLTransientConnectionException("timeout")))).isTrue();
        assertThat(CallRecords.unreachable(new DataAccessException("x", new RuntimeException(new ConnectException("refused")))))
                .isTrue();
        assertThat(CallRecords.unreachable(new DataAccessException("x", new SQLIntegrityConstraintViolationException("fk"))))
                .isFalse();
        assertThat(CallRecords.unreachable(new IllegalStateException("other"))).isFalse();
    }
}
