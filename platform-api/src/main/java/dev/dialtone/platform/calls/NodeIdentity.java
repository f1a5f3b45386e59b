package dev.dialtone.platform.calls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * A node's stable id, kept in {@code <data-dir>/node-id} (created on the first start). Call records
 * carry it so that a restarting node closes only the records it left open itself.
 */
public final class NodeIdentity {
    public static final String FILE = "node-id";

    private NodeIdentity() {
    }

    public static String load(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            try {
                Files.writeString(file, UUID.randomUUID() + "\n", StandardCharsets.US_ASCII,
                        java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException raced) {
                // another start wrote it first: read theirs
            }
        }
        String id = Files.readString(file, StandardCharsets.US_ASCII).trim();
        if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IOException(file + " must hold 1..64 characters of [A-Za-z0-9._-]; delete it to get a new node id");
        }
        return id;
    }
}
