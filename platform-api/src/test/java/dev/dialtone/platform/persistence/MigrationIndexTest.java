package dev.dialtone.platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class MigrationIndexTest {
    @Test
    void findsTheNewestBundledMigration() throws Exception {
        int newest;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            newest = files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow();
        }
        assertThat(newest).isGreaterThanOrEqualTo(3);
        assertThat(MigrationIndex.newestBundledVersion()).isEqualTo(newest);
    }
}
