package io.kensa.cli;

import io.kensa.config.KensaHome;
import io.kensa.store.Database;
import io.kensa.store.StoreException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where the inspection record is: the data folder's H2 database, or a JDBC URL (password from KENSA_DB_PASSWORD). */
final class StoreOptions {
    @Option(names = "--home", paramLabel = "DIR", description = "Data folder (default: KENSA_HOME or the per-user data folder).")
    Path home;

    @Option(names = "--jdbc-url", paramLabel = "URL", description = "Database JDBC URL instead of the data folder's H2 file, "
            + "e.g. jdbc:postgresql://host/kensa (password from env KENSA_DB_PASSWORD).")
    String jdbcUrl;

    @Option(names = "--db-user", paramLabel = "USER", description = "Database user for --jdbc-url.")
    String user = "";

    KensaHome home() {
        return home == null ? KensaHome.resolve() : new KensaHome(home);
    }

    Database open() throws StoreException {
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            return Database.openFile(home().database());
        }
        String password = Optional.ofNullable(System.getenv("KENSA_DB_PASSWORD")).orElse("");
        return Database.open(jdbcUrl, user, password);
    }

    Path images() {
        return home().images();
    }
}
