package io.kensa.llm;

import java.util.Map;

/**
 * A prompt profile as it is kept in a file and in the database: the VELM prompt sections plus the offline
 * explainer's hints. The output schema is fixed by Kensa ({@link AnswerSchema}) and not part of the document.
 *
 * @param referenceSha256  sha256 (hex) of each reference image file, by its path as listed in the profile, as
 *                         recorded when the version was saved; empty for a draft. Loading checks the files against it.
 */
public record ProfileDocument(PromptProfile profile, OfflineHints offline, Map<String, String> referenceSha256) {
    public ProfileDocument {
        referenceSha256 = Map.copyOf(referenceSha256);
    }

    /** A document without recorded image hashes (a draft). */
    public ProfileDocument(PromptProfile profile, OfflineHints offline) {
        this(profile, offline, Map.of());
    }

    public static ProfileDocument of(PromptProfile profile) {
        return new ProfileDocument(profile, OfflineHints.NONE);
    }

    public String name() {
        return profile.name();
    }

    public int version() {
        return profile.version();
    }

    public ProfileDocument withVersion(int version) {
        PromptProfile p = profile;
        return new ProfileDocument(new PromptProfile(p.name(), version, p.normalDescription(), p.anomalyClasses(),
                p.classificationStrategy(), p.referenceImages()), offline, referenceSha256);
    }
}
