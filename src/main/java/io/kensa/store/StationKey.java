package io.kensa.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A station's secret audit key: 256 random bits in {@code <data folder>/keys/station.key} (64 hex digits, owner-only
 * {@code rw-------}), kept outside the database so that write access to the database alone cannot sign an event.
 * Every event this station appends carries an HMAC-SHA256 by this key; {@link #id()} names the key in the event
 * (several stations on one PostgreSQL database each sign with their own), and verify checks the MAC of every event
 * whose key it is given.
 */
public final class StationKey {
    /** Where a data folder keeps it. */
    static final String RELATIVE = "keys/station.key";
    private static final String ALGORITHM = "HmacSHA256";
    private static final int KEY_BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    private final Path file;
    private final SecretKeySpec key;
    private final String id;

    private StationKey(Path file, byte[] secret) {
        this.file = file;
        this.key = new SecretKeySpec(secret, ALGORITHM);
        // the id is a MAC of a fixed text: it names the key without revealing anything that helps to forge with it
        this.id = mac("kensa station key id").substring(0, 16);
    }

    /** The station key of a data folder: {@code <folder>/keys/station.key}. */
    public static Path in(Path dataFolder) {
        return dataFolder.toAbsolutePath().resolve(RELATIVE);
    }

    /** The key in {@code file}, created (random, owner-only) when there is none yet: what a recording station uses. */
    public static StationKey openOrCreate(Path file) throws StoreException {
        Path absolute = file.toAbsolutePath();
        if (!Files.exists(absolute)) {
            try {
                create(absolute);
            } catch (FileAlreadyExistsException raced) {
                // another store of this station created it at the same moment: read theirs
            } catch (IOException | UnsupportedOperationException e) {
                throw new StoreException("Cannot create the station's audit key " + absolute + " (" + e.getMessage()
                        + "). Make the data folder writable, or set KENSA_HOME to a writable folder.", e);
            }
        }
        return load(absolute);
    }

    /** An existing key file (this station's, or another station's given to verify); refused when others can read it. */
    public static StationKey load(Path file) throws StoreException {
        Path absolute = file.toAbsolutePath();
        if (!Files.isRegularFile(absolute)) {
            throw new StoreException("There is no station key at " + absolute + ". Give the key file of the station "
                    + "that recorded the events (its <data folder>/" + RELATIVE + ").");
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(absolute);
            if (!OWNER_ONLY.containsAll(permissions)) {
                throw new StoreException("The station key " + absolute + " can be used by others (permissions "
                        + PosixFilePermissions.toString(permissions) + "): anyone who can read it can sign audit "
                        + "events. Run chmod 600 " + absolute + " (and consider the events it signed suspect if "
                        + "someone else may have copied it).");
            }
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the data folder under the user's profile is private to the user already
        } catch (IOException e) {
            throw unreadable(absolute, e);
        }
        String text;
        try {
            text = Files.readString(absolute, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw unreadable(absolute, e);
        }
        if (!text.matches("[0-9a-f]{" + 2 * KEY_BYTES + "}")) {
            throw new StoreException("The station key " + absolute + " is malformed: it must hold " + 2 * KEY_BYTES
                    + " lower-case hex digits (" + 8 * KEY_BYTES + " bits) and holds " + text.length() + " characters. "
                    + "Restore it from the station's backup; a new key cannot sign the events this one signed.");
        }
        return new StationKey(absolute, HexFormat.of().parseHex(text));
    }

    private static void create(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] secret = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(secret);
        Path partial = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(partial);
        try {
            Files.createFile(partial, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(partial);
        }
        Files.writeString(partial, HexFormat.of().formatHex(secret) + "\n", StandardCharsets.US_ASCII);
        // written in full before it gets its name: a crash leaves no half key that would be refused as malformed
        Files.createLink(file, partial);
        Files.delete(partial);
    }

    private static StoreException unreadable(Path file, IOException e) {
        return new StoreException("Cannot read the station key " + file + " (" + e.getMessage() + "). Check that "
                + "this user owns it.", e);
    }

    /** Names the key in the events it signed: 16 hex digits. */
    public String id() {
        return id;
    }

    public Path file() {
        return file;
    }

    /** The event's MAC: HMAC-SHA256 over its hash and this key's id, as hex. */
    String sign(String eventHash) {
        return mac(new Canonical().add("event", eventHash).add("key", id).text());
    }

    private String mac(String text) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java has no " + ALGORITHM, e);
        }
    }

    @Override
    public String toString() {
        return "station key " + id + " (" + file + ")";
    }
}
