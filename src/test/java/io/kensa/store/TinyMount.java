package io.kensa.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A small tmpfs mounted for one test (needs root and mount rights; tests skip visibly without them). */
final class TinyMount implements AutoCloseable {
    final Path dir;

    private TinyMount(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code size} (e.g. {@code 4m}) on {@code dir}, or says why it cannot. */
    static TinyMount mount(Path dir, String size) throws IOException {
        Files.createDirectories(dir);
        String out = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString()));
        if (out != null) {
            throw new IOException("cannot mount a tmpfs on " + dir + " (" + out + ")");
        }
        return new TinyMount(dir);
    }

    void remountReadOnly() throws IOException {
        String out = run(List.of("mount", "-o", "remount,ro", dir.toString()));
        if (out != null) {
            throw new IOException("cannot remount " + dir + " read-only (" + out + ")");
        }
    }

    @Override
    public void close() throws IOException {
        String out = run(List.of("umount", dir.toString()));
        if (out != null) {
            run(List.of("umount", "-l", dir.toString())); // still busy: detach now, free when released
        }
    }

    /** Runs a command; null on success, else its output (or why it could not run). */
    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "timed out";
            }
            return p.exitValue() == 0 ? null : out;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
