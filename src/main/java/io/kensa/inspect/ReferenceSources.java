package io.kensa.inspect;

import io.kensa.model.Operator;
import io.kensa.model.Permission;
import io.kensa.store.ConfirmedGood;
import io.kensa.store.InspectionStore;
import io.kensa.store.StoreException;
import io.kensa.util.ImageFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Where reference images of a good part come from besides a file chooser: the inspector's snapshots (F12 / Ctrl+S,
 * the data folder's {@code snapshots/}) and the frames of the decision log that inspectors decided as normal. Lists
 * only; a chosen image is copied into the recipe by {@link PromptWorkbench#addReference}, as a file is, under its
 * {@link Candidate#copyName}. UI-free and
 * blocking; the signed-in person must be allowed to edit prompts.
 */
public final class ReferenceSources {
    /** Log frames per page: enough to choose from, few enough to list quickly. */
    public static final int PAGE = 24;
    /** Snapshots listed, newest first. */
    public static final int MAX_SNAPSHOTS = 200;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());
    /** The decision's time in a log frame's file name: sorts, and has no character a file system refuses. */
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneId.systemDefault());

    /**
     * One image to choose.
     *
     * @param copyName the file name it is copied into the recipe under: a snapshot's own, for a log frame
     *                 {@code log-<inspection id>-<yyyyMMdd-HHmmss of the decision>.png} (its stored name is a hash)
     * @param problem  why it cannot be used (its stored image is missing), empty when it can
     */
    public record Candidate(Path image, String copyName, String title, String detail, Optional<String> problem) {}

    /**
     * A page of the log's good frames, newest first.
     *
     * @param next  the inspection id to continue below, present when there may be more
     */
    public record Page(List<Candidate> candidates, Optional<Long> next) {
        public Page {
            candidates = List.copyOf(candidates);
        }
    }

    private final Path snapshots;
    private final InspectionStore log;
    private final Supplier<String> recipe;
    private final Supplier<Operator> operator;

    /**
     * @param snapshots  the data folder's snapshot folder
     * @param log        the station's decision log
     * @param recipe     the recipe whose log frames are offered, asked each time
     * @param operator   who is signed in, asked each time ({@code null}: nobody)
     */
    public ReferenceSources(Path snapshots, InspectionStore log, Supplier<String> recipe, Supplier<Operator> operator) {
        this.snapshots = snapshots;
        this.log = log;
        this.recipe = recipe;
        this.operator = operator;
    }

    public Path snapshotFolder() {
        return snapshots;
    }

    /** The PNG and JPEG snapshots, newest first, at most {@link #MAX_SNAPSHOTS}. */
    public List<Candidate> snapshots() throws IOException {
        Permission.EDIT_RECIPES.require(operator.get());
        if (!Files.isDirectory(snapshots)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(snapshots)) {
            return files.filter(ImageFiles::isImageFile).map(f -> new Snapshot(f, modified(f)))
                    .sorted(Comparator.comparing(Snapshot::modified).reversed()).limit(MAX_SNAPSHOTS)
                    .map(s -> new Candidate(s.file(), s.file().getFileName().toString(), s.file().getFileName().toString(),
                            WHEN.format(s.modified().toInstant()), Optional.empty()))
                    .toList();
        }
    }

    private record Snapshot(Path file, FileTime modified) {}

    /**
     * The recipe's frames whose standing decision is normal, newest first, {@link #PAGE} at a time.
     *
     * @param before  list inspections below this id ({@link Long#MAX_VALUE} for the newest)
     */
    public Page confirmedGood(long before) throws StoreException {
        Permission.EDIT_RECIPES.require(operator.get());
        List<ConfirmedGood> rows = log.confirmedGood(recipe.get(), before, PAGE);
        List<Candidate> candidates = rows.stream().map(this::candidate).toList();
        Optional<Long> next = rows.size() < PAGE ? Optional.empty()
                : Optional.of(rows.get(rows.size() - 1).inspection().value());
        return new Page(candidates, next);
    }

    private Candidate candidate(ConfirmedGood g) {
        String when = WHEN.format(g.decidedAt());
        Optional<String> problem = Files.isRegularFile(g.image()) ? Optional.empty()
                : Optional.of("The stored image of inspection " + g.inspection().value() + " (decided normal by "
                        + g.operator() + " on " + when + ") is missing from " + g.image().getParent()
                        + ": it was deleted or the image folder moved. Pick another frame.");
        String copyName = "log-" + g.inspection().value() + "-" + FILE_TIME.format(g.decidedAt()) + ".png";
        return new Candidate(g.image(), copyName, "#" + g.inspection().value() + " · " + when, g.operator(), problem);
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0); // vanished while listed: last
        }
    }
}
