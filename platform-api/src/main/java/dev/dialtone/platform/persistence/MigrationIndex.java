package dev.dialtone.platform.persistence;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.sql.DataSource;

/**
 * The newest migration bundled in {@code db/migration} and the newest one a database has applied,
 * so that a node restarting on an up-to-date database can skip Flyway's start-up cost.
 */
final class MigrationIndex {
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.*\\.sql");

    private MigrationIndex() {
    }

    /** The highest {@code V<n>} among the bundled migrations; 0 if they cannot be listed. */
    static int newestBundledVersion() {
        List<String> names = new ArrayList<>();
        try {
            Enumeration<URL> dirs = MigrationIndex.class.getClassLoader().getResources("db/migration");
            while (dirs.hasMoreElements()) {
                URL url = dirs.nextElement();
                if ("file".equals(url.getProtocol())) {
                    try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                        files.forEach(f -> names.add(f.getFileName().toString()));
                    }
                } else if ("jar".equals(url.getProtocol())) {
                    try (JarFile jar = ((JarURLConnection) url.openConnection()).getJarFile()) {
                        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                            String n = e.nextElement().getName();
                            if (n.startsWith("db/migration/")) {
                                names.add(n.substring("db/migration/".length()));
                            }
                        }
                    }
                } else {
                    return 0;
                }
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return 0;
        }
        int max = 0;
        for (String n : names) {
            Matcher m = VERSIONED.matcher(n);
            if (m.matches()) {
                max = Math.max(max, Integer.parseInt(m.group(1)));
            }
        }
        return max;
    }

    /** The highest successfully applied version in Flyway's history table; -1 if there is none. */
    static int newestAppliedVersion(DataSource dataSource) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet exists = s.executeQuery("select to_regclass('flyway_schema_history') is not null")) {
                if (!exists.next() || !exists.getBoolean(1)) {
                    return -1;
                }
            }
            try (ResultSet rs = s.executeQuery("select max(cast(version as integer)) from flyway_schema_history "
                    + "where success and version ~ '^[0-9]+$'")) {
                return rs.next() ? rs.getInt(1) : -1;
            }
        } catch (SQLException e) {
            return -1;
        }
    }
}
