package dev.dialtone.platform.persistence;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.jooq.exception.DataAccessException;

import dev.dialtone.platform.PlatformException;

/** Small shared pieces of the stores. */
final class Sql {
    private Sql() {
    }

    static OffsetDateTime now(Clock clock) {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime t) {
        return t.toInstant();
    }

    /** Turns a unique-key violation into a 409 that names the field; rethrows anything else. */
    static PlatformException conflictOrThrow(DataAccessException e, String field, String message) {
        if ("23505".equals(e.sqlState())) {
            return PlatformException.conflict(field, message);
        }
        throw e;
    }
}
