package io.kensa.inspect;

import io.kensa.llm.ProfileDocument;
import io.kensa.llm.ProfileException;
import io.kensa.llm.PromptProfiles;
import io.kensa.model.Operator;
import io.kensa.model.Permission;
import io.kensa.store.PromptProfileStore;
import io.kensa.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Saving an edited prompt profile the way QA expects: validated, stored as a new version (never overwriting), and
 * written to the recipe's {@code prompt-profile.json} too. The file matters because the workstation stores the
 * recipe file's content as a version at start-up: were the file left behind, the next start would bring the old
 * text back as the newest version.
 */
public final class PromptVersions {
    private PromptVersions() {}

    /**
     * @param document    the stored version (the latest one when nothing changed)
     * @param newVersion  false when the content equalled the latest version, so nothing was added
     * @param recipeFile  the recipe file that now holds this version, if it was written
     * @param warning     why the recipe file was not written, for the user
     */
    public record Saved(ProfileDocument document, boolean newVersion, Optional<Path> recipeFile, Optional<String> warning) {}

    /**
     * Validates the profile against the recipe folder (reference images must exist there), records the sha256 of
     * each reference image as it is now, stores it as a new version and updates the recipe's profile file when that
     * file holds the same profile name. Storing a version publishes it to the line, so the author's role must hold
     * {@link Permission#PUBLISH}; the version records the author's id.
     *
     * @throws ProfileException listing every problem when the profile is not usable; nothing is stored then
     * @throws io.kensa.model.PermissionDeniedException when the author may not publish; nothing is stored then
     */
    public static Saved save(PromptProfileStore store, ProfileDocument draft, Path recipeFolder, Operator author)
            throws ProfileException, StoreException {
        Permission.PUBLISH.require(author);
        // QA saving or importing vouches for the images now in the folder: their sha256 is recorded with the version
        ProfileDocument sealed = PromptProfiles.recordImageHashes(draft, recipeFolder);
        Path file = recipeFolder.resolve(PromptProfiles.FILE_NAME);
        Optional<ProfileDocument> inFile = profileIn(file);
        Optional<ProfileDocument> latest = store.latest(sealed.name());
        if (latest.isEmpty() && inFile.isPresent() && inFile.get().name().equals(sealed.name())) {
            // the history starts with the recipe file as it was, as the workstation would have stored it
            latest = Optional.of(store.save(inFile.get(), "recipe " + recipeFolder.getFileName()));
        }
        int before = latest.map(ProfileDocument::version).orElse(0);
        ProfileDocument saved = store.save(sealed, author.id());
        boolean added = saved.version() > before;
        if (inFile.isPresent() && !inFile.get().name().equals(saved.name())) {
            return new Saved(saved, added, Optional.empty(), Optional.of("Stored in the database only: the recipe file "
                    + file + " holds profile '" + inFile.get().name() + "', not '" + saved.name() + "'."));
        }
        try {
            PromptProfiles.write(saved, file);
            return new Saved(saved, added, Optional.of(file), Optional.empty());
        } catch (ProfileException e) {
            return new Saved(saved, added, Optional.empty(), Optional.of(e.getMessage() + " The version is stored, but the"
                    + " workstation reads the recipe file at start: export this version and copy it to " + file + "."));
        }
    }

    private static Optional<ProfileDocument> profileIn(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            // as the workstation stores it at start: with the sha256 of images the file records none for
            return Optional.of(PromptProfiles.read(file));
        } catch (ProfileException e) {
            // an unreadable or invalid recipe file is replaced by the valid version being saved
            return Optional.empty();
        }
    }
}
