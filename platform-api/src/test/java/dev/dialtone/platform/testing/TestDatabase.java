package dev.dialtone.platform.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * PostgreSQL for integration tests of any module: one server per test JVM, a fresh database per
 * test class ({@link #fresh}). The server is, in order of preference: the one at
 * {@code DIALTONE_DB_URL} (a JDBC URL whose user may create databases), a Testcontainers container
 * if a Docker engine answers within half a second, or an embedded PostgreSQL (real binaries) in a
 * temporary directory.
 */
public final class TestDatabase {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static Server server;

    private TestDatabase() {
    }

    /** A database for one test class. {@code jdbcUrl} carries the user (and password) as parameters. */
    public record Handle(String jdbcUrl, String name) {
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl);
        }
    }

    /** Where the server runs, and how to reach a named database on it. */
    interface Server {
        String urlFor(String database);

        String kind();
    }

    /** Creates a new, empty database on the shared server. */
    public static Handle fresh(String prefix) {
        String name = ("t_" + prefix.replaceAll("[^A-Za-z0-9]", "_") + "_" + ProcessHandle.current().pid() + "_"
                + COUNTER.incrementAndGet()).toLowerCase(Locale.ROOT);
        if (name.length() > 60) {
            name = name.substring(name.length() - 60);
        }
        Server s = server();
        try (Connection c = DriverManager.getConnection(s.urlFor("postgres")); Statement st = c.createStatement()) {
            st.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + " on the " + s.kind() + " server", e);
        }
        return new Handle(s.urlFor(name), name);
    }

    /** Which server the tests use: {@code external}, {@code testcontainers} or {@code embedded}. */
    public static String kind() {
        return server().kind();
    }

    private static synchronized Server server() {
        if (server == null) {
            server = startServer();
        }
        return server;
    }

    private static Server startServer() {
        String external = System.getenv("DIALTONE_DB_URL");
        if (external != null && !external.isBlank()) {
            return new Server() {
                @Override
                public String urlFor(String database) {
                    return external.replaceFirst("(jdbc:postgresql://[^/]+/)([^?]*)", "$1" + database);
                }

                @Override
                public String kind() {
                    return "external";
                }
            };
        }
        if (dockerAnswers()) {
            return ContainerServer.start();
        }
        try {
            Path dir = Files.createTempDirectory("dialtone-test-pg");
            EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(true).start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException e) {
                    // the JVM is going away; the OS reaps what is left
                }
            }, "test-postgres-stop"));
            return new Server() {
                @Override
                public String urlFor(String database) {
                    return "jdbc:postgresql://localhost:" + pg.getPort() + "/" + database + "?user=postgres";
                }

                @Override
                public String kind() {
                    return "embedded";
                }
            };
        } catch (IOException e) {
            throw new IllegalStateException("cannot start embedded PostgreSQL for tests", e);
        }
    }

    /** Whether a Docker engine answers {@code GET /_ping} within half a second (unix socket or DOCKER_HOST tcp). */
    static boolean dockerAnswers() {
        String host = System.getenv("DOCKER_HOST");
        byte[] ping = "GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        try {
            if (host != null && host.startsWith("tcp://")) {
                String[] hp = host.substring(6).split(":");
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(hp[0], hp.length > 1 ? Integer.parseInt(hp[1]) : 2375), 500);
                    s.setSoTimeout(500);
                    OutputStream out = s.getOutputStream();
                    out.write(ping);
                    InputStream in = s.getInputStream();
                    return new String(in.readNBytes(12), StandardCharsets.US_ASCII).contains(" 200");
                }
            }
            Path socket = Path.of(host != null && host.startsWith("unix://") ? host.substring(7) : "/var/run/docker.sock");
            if (!Files.exists(socket)) {
                return false;
            }
            try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                ch.write(ByteBuffer.wrap(ping));
                ByteBuffer buf = ByteBuffer.allocate(12);
                long deadline = System.nanoTime() + 500_000_000L;
                ch.configureBlocking(false);
                while (buf.hasRemaining() && System.nanoTime() < deadline) {
                    if (ch.read(buf) < 0) {
                        break;
                    }
                    Thread.onSpinWait();
                }
                return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).contains(" 200");
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
