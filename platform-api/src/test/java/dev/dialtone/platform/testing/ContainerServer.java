package dev.dialtone.platform.testing;

import org.testcontainers.postgresql.PostgreSQLContainer;

/** A PostgreSQL container, used only when a Docker engine answers. Loaded lazily, so Testcontainers is optional. */
final class ContainerServer {
    private ContainerServer() {
    }

    static TestDatabase.Server start() {
        PostgreSQLContainer pg = new PostgreSQLContainer("postgres:17-alpine");
        pg.start();
        Runtime.getRuntime().addShutdownHook(new Thread(pg::stop, "test-postgres-container-stop"));
        String base = "jdbc:postgresql://" + pg.getHost() + ":" + pg.getMappedPort(5432) + "/";
        String auth = "?user=" + pg.getUsername() + "&password=" + pg.getPassword();
        return new TestDatabase.Server() {
            @Override
            public String urlFor(String database) {
                return base + database + auth;
            }

            @Override
            public String kind() {
                return "testcontainers";
            }
        };
    }
}
