package dev.dialtone.pstn.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where the shared RFC 4475 torture kit lives: {@code -Drfc4475.dir}, else {@code shared/rfc4475} beside the
 * repository (tests run in a module directory, two levels below), else {@code /work/shared/rfc4475}.
 */
public final class Rfc4475Kit {
    private Rfc4475Kit() {
    }

    public static Path dir() {
        String configured = System.getProperty("rfc4475.dir");
        if (configured != null) {
            return Path.of(configured);
        }
        return Stream.of(Path.of("../../shared/rfc4475"), Path.of("/work/shared/rfc4475"))
                .filter(p -> Files.isRegularFile(p.resolve("send.py"))).findFirst().orElse(Path.of("../../shared/rfc4475"));
    }
}
