package dev.dialtone.platform.persistence;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The node's PostgreSQL: an embedded server whose files live in {@code <data-dir>/postgres} (so data
 * survives restarts), or an external one given by URL. Migrates the schema with Flyway and hands
 * out a pooled jOOQ context. Close it to stop the pool and the embedded server.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    static final String EMBEDDED_DB_NAME = "dialtone";

    private final EmbeddedPostgres embedded;
    private final HikariDataSource pool;
    private final DSLContext dsl;

    private Database(EmbeddedPostgres embedded, HikariDataSource pool) {
        this.embedded = embedded;
        this.pool = pool;
        this.dsl = DSL.using(pool, SQLDialect.POSTGRES, new Settings().withRenderSchema(false));
    }

    /**
     * Opens (and for an embedded server, starts) the database and migrates it.
     *
     * @param dbUrl empty for embedded PostgreSQL in {@code dataDir/postgres}
     */
    public static Database open(Optional<String> dbUrl, Path dataDir, int poolSize, MeterRegistry metrics)
            throws IOException, SQLException {
        EmbeddedPostgres embedded = null;
        JdbcTarget target;
        if (dbUrl.isPresent()) {
            target = JdbcTarget.parse(dbUrl.get());
            LOG.info("using external PostgreSQL at {}", target.redacted());
        } else {
            Path pgDir = dataDir.resolve("postgres");
            Files.createDirectories(pgDir);
            OrphanedPostgres.stopIfRunning(pgDir);
            long t0 = System.nanoTime();
            embedded = EmbeddedPostgres.builder()
                    .setDataDirectory(pgDir)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // The library's defaults suit throwaway test databases: fsync and synchronous_commit off.
                    // This one holds the node's data, and a call's record must be on disk before its BYE is answered.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .start();
            ensureDatabase(embedded.getPostgresDatabase(), EMBEDDED_DB_NAME);
            target = new JdbcTarget(embedded.getJdbcUrl("postgres", EMBEDDED_DB_NAME), "postgres", "");
            LOG.info("embedded PostgreSQL started in {} ms, files in {}", (System.nanoTime() - t0) / 1_000_000, pgDir);
        }
        try {
            HikariConfig hc = new HikariConfig();
            hc.setPoolName("dialtone-db");
            hc.setJdbcUrl(target.jdbcUrl());
            hc.setUsername(target.user());
            hc.setPassword(target.password());
            hc.setMaximumPoolSize(poolSize);
            hc.setMinimumIdle(Math.min(2, poolSize));
            // The call record and session log writers send JDBC batches of one insert (or upsert); the
            // driver sends each batch as multi-row statements (blocks of a power of two rows) instead of
            // one statement execution per row.
            hc.addDataSourceProperty("reWriteBatchedInserts", "true");
            hc.setConnectionTimeout(5_000);
            hc.setMetricRegistry(metrics);
            HikariDataSource pool = new HikariDataSource(hc);
            try {
                migrate(pool);
            } catch (RuntimeException e) {
                pool.close();
                throw e;
            }
            return new Database(embedded, pool);
        } catch (RuntimeException e) {
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    /**
     * Applies the migrations in {@code db/migration} to {@code dataSource}. When the database already
     * records the newest bundled migration as applied, Flyway (slow to start) is not run at all.
     */
    public static void migrate(DataSource dataSource) {
        long t0 = System.nanoTime();
        int bundled = MigrationIndex.newestBundledVersion();
        if (bundled > 0 && MigrationIndex.newestAppliedVersion(dataSource) == bundled) {
            LOG.info("schema up to date at version {} ({} ms)", bundled, (System.nanoTime() - t0) / 1_000_000);
            return;
        }
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .loggers("slf4j")
                .load();
        var result = flyway.migrate();
        var current = flyway.info().current();
        LOG.info("schema at version {} ({} migrations applied, {} ms)", current == null ? "none" : current.getVersion(),
                result.migrationsExecuted, (System.nanoTime() - t0) / 1_000_000);
    }

    private static void ensureDatabase(DataSource admin, String name) throws SQLException {
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select 1 from pg_database where datname = '" + name + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("create database " + name);
        }
    }

    public DSLContext dsl() {
        return dsl;
    }

    public DataSource dataSource() {
        return pool;
    }

    /** Whether a connection can run a trivial query within a second. */
    public boolean healthy() {
        try (Connection c = pool.getConnection()) {
            return c.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        pool.close();
        if (embedded != null) {
            embedded.close();
        }
    }

    /** A JDBC URL with its credentials apart, so that only the redacted form is ever logged. */
    record JdbcTarget(String jdbcUrl, String user, String password) {
        static JdbcTarget parse(String url) {
            if (url.startsWith("jdbc:postgresql:")) {
                return new JdbcTarget(url, null, null);
            }
            URI uri = URI.create(url);
            String user = null;
            String password = null;
            if (uri.getRawUserInfo() != null) {
                String[] parts = uri.getRawUserInfo().split(":", 2);
                user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
                password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : null;
            }
            String hostPort = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            return new JdbcTarget("jdbc:postgresql://" + hostPort + uri.getRawPath() + query, user, password);
        }

        String redacted() {
            int q = jdbcUrl.indexOf('?');
            return (q < 0 ? jdbcUrl : jdbcUrl.substring(0, q)) + (user == null ? "" : " as " + user);
        }
    }
}
