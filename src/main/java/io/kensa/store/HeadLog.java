package io.kensa.store;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The audit trail's head, noted outside the database: one line {@code SEQ HASH TIME db=ID} per event this station
 * recorded. Lines are appended only once their events are on disk (after H2's {@code CHECKPOINT SYNC} in power-loss
 * mode, see {@link InspectionStore}), and the file is forced every {@link #FORCE_EVERY} decisions and on close, so
 * the log can fall behind the database but never get ahead of it. Rows cut off the end of the chain together with
 * their events and the head row leave a chain that checks out on its own; this file still holds the cut events'
 * hashes, so {@link AuditTrail#verify} finds the cut. Verify reads every line ({@link #read}), and every event the
 * station signed must have its line. {@code ID} is the database's own identity ({@link Database#id()}, created when
 * it was first opened), so a station pointed at another or a fresh database does not compare that database with
 * lines written for the old one, while a chain rewritten from its first event is still compared. The writer notices
 * when its file was deleted, replaced or cut short ({@link #lost()}), so the store can record that and write on in a
 * new file instead of into the void.
 */
final class HeadLog implements AutoCloseable {
    /**
     * Decisions between two forces. Forcing the log with every decision doubled the decision's p95 latency (a second
     * fsync); a power cut can now lose the last lines, which only leaves the log behind the database, never ahead of
     * it (the database is forced first), so it cannot cause a false alarm.
     */
    static final int FORCE_EVERY = 32;

    /** Where a data folder keeps it. */
    static final String RELATIVE = "audit/head.log";
    private static final Pattern LINE = Pattern.compile("(\\d+) ([0-9a-f]{64}) (\\S+)(?: db=(\\S+))?");
    /** Hex digits of a database id (builds before the id was stored used the start of the first event's hash). */
    static final int DATABASE_ID_LENGTH = 16;
    /** The tail read by {@link #newest} when a station opens: lines are about 100 bytes, so this holds hundreds. */
    private static final int TAIL = 64 * 1024;

    /** A line of the log: the event and when it happened. */
    record Entry(AuditCheckpoint event, String time) {}

    /** One parsed line: its entry and the database it names (empty in lines of the first builds). */
    record Line(Entry entry, Optional<String> database) {
        /**
         * The line's entry, or empty when it is not an event line. A number too big for a sequence (a damaged or
         * edited file) makes the line malformed like any other damage, instead of failing the whole read.
         */
        static Optional<Line> parse(String text) {
            Matcher m = LINE.matcher(text.strip());
            if (!m.matches()) {
                return Optional.empty();
            }
            long seq;
            try {
                seq = Long.parseLong(m.group(1));
            } catch (NumberFormatException tooBig) {
                return Optional.empty();
            }
            return Optional.of(new Line(new Entry(new AuditCheckpoint(seq, m.group(2)), m.group(3)),
                    Optional.ofNullable(m.group(4))));
        }

        /** Whether the line belongs to the database with this id (a line without an id belongs to every one). */
        boolean isOf(String databaseId) {
            return database.map(databaseId::equals).orElse(true);
        }
    }

    private final Path file;
    private FileChannel channel;
    /** The file the channel writes to ({@link BasicFileAttributes#fileKey()}) and its size after the last write. */
    private Object fileKey;
    private long written;
    private int unforced;

    private HeadLog(Path file) {
        this.file = file.toAbsolutePath();
    }

    /** Opens (creating if needed) the log for appending: refuses to start when it cannot be written. */
    /**
     * After a commit of audit events: on H2, forces the database to disk first (a line must not reach the head log
     * before its event), then notes the events in the data folder's head log.
     *
     * @param done     what was recorded, to begin the message when the log cannot be written
     * @param notAgain what not to repeat (the change is committed)
     */
    static void noteCommitted(Connection c, Database database, Path dataFolder, List<AuditCheckpoint> events,
                              String done, String notAgain) throws StoreException {
        if (database.isH2()) {
            try (Statement st = c.createStatement()) {
                st.execute("CHECKPOINT SYNC");
            } catch (SQLException e) {
                // committed, and in the operating system; only a power cut now could leave the log ahead of it
            }
        }
        Path file = AuditTrail.headLogIn(dataFolder);
        try (HeadLog log = open(file)) {
            log.append(events.stream().map(e -> new Entry(e, Instant.now().toString())).toList(), database.id());
            log.force();
        } catch (IOException e) {
            throw new StoreException(done + ", but it could not be noted in the audit head log " + file + " ("
                    + e.getMessage() + "), so kensa audit verify will report it missing there. Check that the disk has"
                    + " space and the folder is writable; " + notAgain + ".", e);
        }
    }

    static HeadLog open(Path file) throws IOException {
        HeadLog log = new HeadLog(file);
        log.channel();
        return log;
    }

    Path file() {
        return file;
    }

    /** The id a database had in the log before it stored one: the start of its first event's hash. */
    static String databaseId(String firstEventHash) {
        return firstEventHash.substring(0, DATABASE_ID_LENGTH);
    }

    /** Appends one line per event (not yet forced) for the database with this id. */
    void append(List<Entry> lines, String databaseId) throws IOException {
        if (lines.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder(lines.size() * 120);
        for (Entry line : lines) {
            text.append(line.event().seq()).append(' ').append(line.event().hash()).append(' ').append(line.time())
                    .append(" db=").append(databaseId).append('\n');
        }
        ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
        try {
            FileChannel c = channel();
            while (bytes.hasRemaining()) {
                c.write(bytes);
            }
            written = c.size();
        } catch (IOException e) {
            closeChannel(); // reopened by the next append
            throw e;
        }
    }

    /** After a decision: forces the lines appended so far to disk every {@link #FORCE_EVERY} calls. */
    void decided() throws IOException {
        if (++unforced >= FORCE_EVERY) {
            force();
        }
    }

    /** Forces the lines appended so far to disk. */
    void force() throws IOException {
        try {
            channel().force(false);
            unforced = 0;
        } catch (IOException e) {
            closeChannel();
            throw e;
        }
    }

    private FileChannel channel() throws IOException {
        if (channel == null) {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            fileKey = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            written = channel.size();
        }
        return channel;
    }

    /**
     * Why the file at the log's path is no longer what this log wrote (deleted, replaced, or cut short since its last
     * line), or empty while it is intact. Checked before each write, so the loss is recorded in the chain and the
     * lines go to a new file ({@link #reopen()}) instead of into a deleted one.
     */
    Optional<String> lost() {
        if (channel == null) {
            return Optional.empty(); // closed after a write error: the next append reopens it, the error was reported
        }
        try {
            BasicFileAttributes now = Files.readAttributes(file, BasicFileAttributes.class);
            if (fileKey != null && !fileKey.equals(now.fileKey())) {
                return Optional.of("replaced by another file");
            }
            if (now.size() < written) {
                return Optional.of("cut short from " + written + " to " + now.size() + " bytes");
            }
            return Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.of("deleted");
        } catch (IOException e) {
            return Optional.of("unreadable (" + e.getMessage() + ")");
        }
    }

    /** Starts writing to whatever is at the log's path now (a new file when it was deleted). */
    void reopen() throws IOException {
        closeChannel();
        channel();
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing: the write error is what gets reported
            }
            channel = null;
        }
    }

    @Override
    public void close() {
        if (channel != null && unforced > 0) {
            try {
                channel.force(false);
            } catch (IOException e) {
                // the lines are in the operating system; only a power cut now could lose them
            }
        }
        closeChannel();
    }

    /** What the log's last lines say about one database: its newest event, and whether lines of others were seen. */
    record Tail(Optional<Entry> newest, boolean otherDatabases) {}

    /**
     * The highest-numbered event of the database with this id in the log's last lines (stores sharing a file may
     * append slightly out of order); empty when the file is missing or holds no complete line of it. A line without
     * an id (the first builds) counts as this database's. A line cut short by a crash is skipped. Cheap: a station
     * opening reads only the tail, to see whether its newest events were noted.
     */
    static Tail newest(Path file, String database) throws IOException {
        if (!Files.isRegularFile(file)) {
            return new Tail(Optional.empty(), false);
        }
        byte[] tail;
        long start;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            start = Math.max(0, raf.length() - TAIL);
            tail = new byte[(int) (raf.length() - start)];
            raf.seek(start);
            raf.readFully(tail);
        }
        String[] lines = new String(tail, StandardCharsets.UTF_8).split("\n", -1);
        Optional<Entry> best = Optional.empty();
        boolean others = false;
        // the first line of a partial tail may be cut; the last one is complete only if the file ends with a newline
        for (int i = start > 0 ? 1 : 0; i < lines.length - 1; i++) {
            Optional<Line> line = Line.parse(lines[i]);
            if (line.isPresent()) {
                if (!line.get().isOf(database)) {
                    others = true;
                    continue;
                }
                Entry e = line.get().entry();
                if (best.isEmpty() || e.event().seq() >= best.get().event().seq()) {
                    best = Optional.of(e);
                }
            }
        }
        return new Tail(best, others);
    }

    /**
     * Every line of the log, read from its start (however long it is).
     *
     * @param exists         false when there is no file at all
     * @param events         this database's events, by number: the hash each line noted
     * @param otherDatabases lines naming another database (this station once recorded elsewhere)
     * @param malformed      the first line that is not an event line ({@code line N: 'text'}), empty when all are;
     *                       a last line cut short by a crash (no newline yet) is not counted
     */
    record Lines(boolean exists, Map<Long, String> events, long otherDatabases, Optional<String> malformed) {
        long newest() {
            return events.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
        }
    }

    /** Streams the whole file: lines of the database with this id (or none, the first builds) and what else is in it. */
    static Lines read(Path file, String database) throws IOException {
        if (!Files.exists(file)) {
            return new Lines(false, Map.of(), 0, Optional.empty());
        }
        Map<Long, String> events = new HashMap<>();
        long others = 0;
        String malformed = null;
        // read up to the size seen now: a line the station appends meanwhile is not judged half written
        long size = Files.size(file);
        boolean endsWithNewline = endsWithNewline(file, size);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new LimitedInput(Files.newInputStream(file), size), StandardCharsets.UTF_8))) {
            long number = 0;
            String pending = null;
            for (String line; (line = in.readLine()) != null; ) {
                if (pending != null && malformed == null) {
                    malformed = quote(pending);
                }
                number++;
                Optional<Line> parsed = Line.parse(line);
                if (parsed.isEmpty()) {
                    pending = "line " + number + ": '" + line + "'";
                    continue;
                }
                pending = null;
                if (!parsed.get().isOf(database)) {
                    others++;
                } else {
                    events.put(parsed.get().entry().event().seq(), parsed.get().entry().event().hash());
                }
            }
            if (pending != null && endsWithNewline && malformed == null) {
                malformed = quote(pending);
            }
        }
        return new Lines(true, events, others, Optional.ofNullable(malformed));
    }

    private static String quote(String line) {
        return line.length() > 120 ? line.substring(0, 120) + "…'" : line;
    }

    private static boolean endsWithNewline(Path file, long size) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            if (size == 0) {
                return true;
            }
            raf.seek(size - 1);
            return raf.read() == '\n';
        }
    }

    /** The first {@code limit} bytes of a stream. */
    private static final class LimitedInput extends FilterInputStream {
        private long left;

        LimitedInput(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(buffer, offset, (int) Math.min(length, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
