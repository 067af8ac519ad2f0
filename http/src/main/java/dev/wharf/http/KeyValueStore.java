package dev.wharf.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The app's key-value stores, all in one SQLite file in its state directory (`.wharf/sqlite_key_value.db` next to
 * the manifest), one row per (store, key). One connection behind a lock: every operation is a single indexed
 * statement, far shorter than a request, and a JDBC connection must not be used by two threads at once.
 */
final class KeyValueStore implements AutoCloseable {
    static final String FILE_NAME = "sqlite_key_value.db";

    private final Path file;
    private final Connection db;
    private final PreparedStatement get;
    private final PreparedStatement set;
    private final PreparedStatement delete;

    private KeyValueStore(Path file, Connection db) throws SQLException {
        this.file = file;
        this.db = db;
        try (var s = db.createStatement()) {
            // WAL: readers do not wait for a writer; NORMAL sync is durable across a crash of this process
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=NORMAL");
            // a second `wharf up` on the same app waits for the lock instead of failing at once
            s.execute("PRAGMA busy_timeout=5000");
            s.execute("CREATE TABLE IF NOT EXISTS kv (store TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, "
                    + "PRIMARY KEY (store, key)) WITHOUT ROWID");
        }
        get = db.prepareStatement("SELECT value FROM kv WHERE store = ? AND key = ?");
        set = db.prepareStatement("INSERT INTO kv (store, key, value) VALUES (?, ?, ?) "
                + "ON CONFLICT (store, key) DO UPDATE SET value = excluded.value");
        delete = db.prepareStatement("DELETE FROM kv WHERE store = ? AND key = ?");
    }

    /** Opens (creating when missing) the store file in {@code stateDir}. */
    static KeyValueStore open(Path stateDir) {
        Path file = stateDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(stateDir);
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            return new KeyValueStore(file, db);
        } catch (SQLException | IOException e) {
            throw new AppHostException(
                    "cannot open the key-value store " + file + ": " + e.getMessage()
                            + " (check that the app's .wharf/ directory is writable)",
                    e);
        }
    }

    Path file() {
        return file;
    }

    synchronized Optional<byte[]> get(String store, String key) throws SQLException {
        get.setString(1, store);
        get.setString(2, key);
        try (var rs = get.executeQuery()) {
            return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
        }
    }

    synchronized void set(String store, String key, byte[] value) throws SQLException {
        set.setString(1, store);
        set.setString(2, key);
        set.setBytes(3, value);
        set.executeUpdate();
    }

    synchronized boolean delete(String store, String key) throws SQLException {
        delete.setString(1, store);
        delete.setString(2, key);
        return delete.executeUpdate() > 0;
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            // closing at shutdown: nothing left to tell the user that would change anything
        }
    }
}
