package io.kensa.inspect;

import io.kensa.llm.PromptProfile;
import io.kensa.store.InspectionStore;
import io.kensa.store.StoreException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a prompt measurement's labelled images come from: an MVTec-layout folder (ground-truth masks as anomaly maps)
 * or the decision log (the inspectors' final classes, the detector's recorded maps; see {@link LogSamples}).
 */
public sealed interface LabelledSet {
    /** The images with their truth, for the classes of {@code profile}. */
    List<PromptEvaluation.Sample> samples(PromptProfile profile) throws PromptEvaluationException, StoreException;

    /** {@code test/<class>/} of an MVTec-layout folder; {@code withGood} adds {@code test/good/} as normal. */
    record Folder(Path folder, boolean withGood) implements LabelledSet {
        @Override
        public List<PromptEvaluation.Sample> samples(PromptProfile profile) throws PromptEvaluationException {
            return PromptEvaluation.samples(folder, profile, withGood);
        }
    }

    /** The standing decisions {@code filter} selects, of {@code recipe} unless the filter names another. */
    record Log(InspectionStore store, LogSamples.Filter filter, String recipe) implements LabelledSet {
        /** The set with what was left out of it, as {@code kensa prompts evaluate --from-log} reads it. */
        public LogSamples.LogSet read(PromptProfile profile) throws PromptEvaluationException, StoreException {
            return LogSamples.read(store, filter, recipe, profile);
        }

        @Override
        public List<PromptEvaluation.Sample> samples(PromptProfile profile) throws PromptEvaluationException, StoreException {
            return read(profile).samples();
        }
    }
}
