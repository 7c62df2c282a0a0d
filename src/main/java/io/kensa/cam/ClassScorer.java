package io.kensa.cam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.List;

/**
 * A class scorer: a differentiable function of the backbone's raw outputs
 * {@code [logits(N,1000), feat_s8, feat_s16, cam(N,1000,h,w)]} to class logits {@code [N, classes]}. Grad-CAM,
 * faithfulness, the audit and prototypes work for any scorer: the ImageNet head (output 0) or a trained defect
 * classifier head ({@code ClassifierHead}, adapted by {@link #of(String, List, java.util.function.Function)}).
 */
interface ClassScorer {
    /** Class names, index = logit column. */
    List<String> classes();

    /** Logits {@code [N, classes]}, made of differentiable DJL ops over {@code backboneOutputs}. */
    NDArray logits(NDList backboneOutputs);

    /** What the scorer is, for reports ("ImageNet head", "classifier head …"). */
    String name();

    /** The shipped backbone's own ImageNet logits (output 0). */
    static ClassScorer imagenet(List<String> labels) {
        return of("ImageNet head", labels, out -> out.get(0));
    }

    static ClassScorer of(String name, List<String> classes, java.util.function.Function<NDList, NDArray> logits) {
        List<String> copy = List.copyOf(classes);
        return new ClassScorer() {
            @Override
            public List<String> classes() {
                return copy;
            }

            @Override
            public NDArray logits(NDList backboneOutputs) {
                return logits.apply(backboneOutputs);
            }

            @Override
            public String name() {
                return name;
            }
        };
    }
}
