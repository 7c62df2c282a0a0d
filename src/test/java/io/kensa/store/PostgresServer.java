package io.kensa.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A throw-away PostgreSQL server for tests: Debian's {@code postgresql} package (installed with apt-get when
 * missing and running as root), {@code initdb} into a temp folder, started on 127.0.0.1 on a free port, stopped and
 * deleted afterwards. initdb refuses to run as root, so as root every server command runs as {@code postgres}.
 */
final class PostgresServer implements AutoCloseable {
    static final String USER = "kensa";
    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgres;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresServer(Path bin, Path dir, int port, boolean asPostgres) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgres = asPostgres;
    }

    /** Starts a server, or throws with the reason it cannot (the caller skips the tests with that reason). */
    static PostgresServer start() throws IOException {
        boolean root = "root".equals(System.getProperty("user.name"));
        Path bin = findBin();
        if (bin == null && root) {
            try {
                run(List.of("apt-get", "install", "-y", "-q", "postgresql"), 600);
            } catch (IOException noPackageLists) { // a fresh machine has no package lists yet
                run(List.of("apt-get", "update", "-q"), 300);
                run(List.of("apt-get", "install", "-y", "-q", "postgresql"), 600);
            }
            bin = findBin();
        }
        if (bin == null) {
            throw new IOException("no PostgreSQL server binaries in /usr/lib/postgresql/*/bin"
                    + (root ? " and apt-get install postgresql failed" : " (install the postgresql package)"));
        }
        Path dir = Files.createTempDirectory("kensa-pg");
        if (root) {
            run(List.of("chown", "postgres:postgres", dir.toString()), 30);
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        PostgresServer server = new PostgresServer(bin, dir, port, root);
        try {
            server.pg(List.of("initdb", "-D", dir.resolve("data").toString(), "-U", USER, "--auth=trust", "-E", "UTF8",
                    "--no-sync", "--locale=C"), 120);
            server.pg(List.of("pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("server.log").toString(),
                    "-w", "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off",
                    "start"), 90);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** A JDBC URL of a new, empty database on this server. */
    String newDatabase() throws Exception {
        String name = "kensa_test_" + databases.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, ""); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    @Override
    public void close() {
        try {
            if (Files.exists(dir.resolve("data/postmaster.pid"))) {
                pg(List.of("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop"), 60);
            }
        } catch (IOException e) {
            System.err.println("stopping the test PostgreSQL server: " + e.getMessage());
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("removing " + dir + ": " + e.getMessage());
        }
    }

    private void pg(List<String> command, int seconds) throws IOException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.add(bin.resolve(command.get(0)).toString());
        full.addAll(command.subList(1, command.size()));
        run(full, seconds);
    }

    private static Path findBin() {
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.naturalOrder()).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static void run(List<String> command, int seconds) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " timed out");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: "
                        + new String(out, StandardCharsets.UTF_8).strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        }
    }
}
