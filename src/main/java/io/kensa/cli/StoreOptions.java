package io.kensa.cli;

import io.kensa.config.KensaHome;
import io.kensa.config.Settings;
import io.kensa.config.SettingsForm;
import io.kensa.store.AuditTrail;
import io.kensa.store.Database;
import io.kensa.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the inspection record is, found as the workstation finds it: {@code --jdbc-url}, else {@code database.url}
 * in the data folder's settings, else the data folder's H2 file. The password comes from KENSA_DB_PASSWORD.
 */
final class StoreOptions {
    @Option(names = "--home", paramLabel = "DIR", description = "Data folder (default: KENSA_HOME or the per-user data folder).")
    Path home;

    @Option(names = "--jdbc-url", paramLabel = "URL", description = "Database JDBC URL, e.g. jdbc:postgresql://host/kensa "
            + "(default: database.url in the data folder's settings.properties, else its H2 file; password from env "
            + "KENSA_DB_PASSWORD).")
    String jdbcUrl;

    @Option(names = "--db-user", paramLabel = "USER", description = "Database user (default: database.user in the settings).")
    String user;

    KensaHome home() {
        return home == null ? KensaHome.resolve() : new KensaHome(home);
    }

    /** The station's database, created when missing: for commands that write (prompts import). */
    Database open() throws StoreException {
        Optional<String> url = url();
        return url.isPresent() ? Database.open(url.get(), user(), password()) : Database.openFile(home().database());
    }

    /** The station's database, which must exist: a reader (verify, export) must never create an empty one. */
    Database openExisting() throws StoreException {
        Optional<String> url = url();
        return url.isPresent() ? Database.openExisting(url.get(), user(), password())
                : Database.openExistingFile(h2Folder());
    }

    /** The station's database for an auditor: nothing migrated, created or written (see {@link Database#openForAudit}). */
    Database openForAudit() throws StoreException {
        Optional<String> url = url();
        return url.isPresent() ? Database.openForAudit(url.get(), user(), password())
                : Database.openFileForAudit(h2Folder());
    }

    /** False only when the record is the data folder's H2 file and it does not exist yet (a server is assumed there). */
    boolean exists() {
        return url().isPresent() || Files.isRegularFile(h2Folder().resolve("kensa.mv.db"));
    }

    /**
     * The head log to compare the chain with: the data folder's, unless {@code --jdbc-url} names some other database
     * (the folder's log belongs to the database its settings name).
     */
    Optional<Path> headLog() {
        return jdbcUrl == null || jdbcUrl.isBlank() ? Optional.of(AuditTrail.headLogIn(home().root())) : Optional.empty();
    }

    Path images() {
        return home().images();
    }

    /** Where the database was looked for, for messages. */
    String describeSource() {
        if (jdbcUrl != null && !jdbcUrl.isBlank()) {
            return "--jdbc-url";
        }
        return settings().get(Settings.DATABASE_URL).isPresent() ? "database.url in " + home().root().resolve("settings.properties")
                : "the data folder " + home().root();
    }

    private Optional<String> url() {
        if (jdbcUrl != null && !jdbcUrl.isBlank()) {
            return Optional.of(jdbcUrl.strip());
        }
        return settings().get(Settings.DATABASE_URL).map(String::strip);
    }

    private String user() {
        return user != null ? user : settings().get(SettingsForm.DATABASE_USER, "");
    }

    private static String password() {
        return Optional.ofNullable(System.getenv("KENSA_DB_PASSWORD")).orElse("");
    }

    /** The workstation's settings; reading them creates nothing. */
    Settings settings() {
        KensaHome h = home();
        return Files.isDirectory(h.root()) ? Settings.load(h.settingsFile()) : Settings.empty();
    }

    /** {@link KensaHome#database()} without creating the folder. */
    private Path h2Folder() {
        return home().root().resolve("db");
    }
}
