package io.kensa.llm;

/**
 * A prompt profile as it is kept in a file and in the database: the VELM prompt sections plus the offline
 * explainer's hints. The output schema is fixed by Kensa ({@link AnswerSchema}) and not part of the document.
 */
public record ProfileDocument(PromptProfile profile, OfflineHints offline) {

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
                p.classificationStrategy(), p.referenceImages()), offline);
    }
}
