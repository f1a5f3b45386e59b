package dev.dialtone.platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MigrationIndexTest {
    @Test
    void findsTheNewestBundledMigration() {
        assertThat(MigrationIndex.newestBundledVersion()).isEqualTo(3);
    }
}
