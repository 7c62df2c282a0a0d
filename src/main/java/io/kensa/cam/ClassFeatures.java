package io.kensa.cam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import io.kensa.detect.BackboneDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which pooled backbone outputs make a classifier's feature vector, in order — as data, so a classifier file says
 * exactly what it was trained on. Written as a spec like {@code feat_s8:mean,feat_s16:max,logits}: an output name
 * from the backbone descriptor (a stage, {@code logits} or {@code cam}) and how its spatial grid is pooled.
 * {@link #pool} uses differentiable DJL ops only, so gradients flow back into the backbone.
 */
public record ClassFeatures(List<Part> parts) {

    /** How a {@code [N,C,H,W]} output becomes {@code [N,C]}: spatial mean or max; {@code none} for {@code [N,C]} outputs. */
    public enum Pooling { MEAN, MAX, NONE }

    /** One block of the feature vector: backbone output {@code output} ({@code channels} wide) pooled by {@code pooling}. */
    public record Part(String name, int output, int channels, Pooling pooling) {
        String spec() {
            return pooling == Pooling.NONE ? name : name + ":" + pooling.name().toLowerCase(Locale.ROOT);
        }
    }

    /** What the classifier uses unless told otherwise: both stages mean- and max-pooled, the ImageNet logits, the CAM max. */
    public static final String DEFAULT_SPEC = "feat_s8:mean,feat_s8:max,feat_s16:mean,feat_s16:max,logits,cam:max";

    public ClassFeatures {
        parts = List.copyOf(parts);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a feature spec needs at least one part, e.g. " + DEFAULT_SPEC);
        }
    }

    /** Width of the feature vector. */
    public int dim() {
        return parts.stream().mapToInt(Part::channels).sum();
    }

    /** The spec text, e.g. {@code feat_s8:mean,logits}; {@link #parse} of it gives these features again. */
    public String spec() {
        return String.join(",", parts.stream().map(Part::spec).toList());
    }

    /** Reads a spec against a backbone's descriptor; names and poolings that do not fit are a message naming the fix. */
    public static ClassFeatures parse(String spec, BackboneDescriptor d) throws ClassifierException {
        List<Part> parts = new ArrayList<>();
        for (String item : spec.split(",")) {
            String t = item.trim();
            if (t.isEmpty()) {
                continue;
            }
            int colon = t.indexOf(':');
            String name = colon < 0 ? t : t.substring(0, colon);
            String pool = colon < 0 ? "" : t.substring(colon + 1).toLowerCase(Locale.ROOT);
            boolean map;
            int output, channels;
            var stage = d.stages().stream().filter(s -> s.name().equals(name)).findFirst();
            if (stage.isPresent()) {
                map = true;
                output = stage.get().output();
                channels = stage.get().channels();
            } else if (name.equals("logits") && d.logits().isPresent()) {
                map = false;
                output = d.logits().get().output();
                channels = d.logits().get().classes();
            } else if (name.equals("cam") && d.cam().isPresent() && d.logits().isPresent()) {
                map = true;
                output = d.cam().get().output();
                channels = d.cam().get().classes() > 0 ? d.cam().get().classes() : d.logits().get().classes();
            } else {
                List<String> known = new ArrayList<>(d.stages().stream().map(BackboneDescriptor.Stage::name).toList());
                d.logits().ifPresent(h -> known.add("logits"));
                d.cam().ifPresent(h -> known.add("cam"));
                throw new ClassifierException("Feature '" + t + "' names no output of backbone " + d.name()
                        + "; it has " + known + ". Use e.g. " + DEFAULT_SPEC + ".");
            }
            Pooling pooling;
            if (!map) {
                if (!pool.isEmpty() && !pool.equals("none")) {
                    throw new ClassifierException("Feature '" + t + "': " + name + " is already a vector and cannot be"
                            + " pooled; write just '" + name + "'.");
                }
                pooling = Pooling.NONE;
            } else if (pool.equals("mean") || pool.equals("max")) {
                pooling = Pooling.valueOf(pool.toUpperCase(Locale.ROOT));
            } else {
                throw new ClassifierException("Feature '" + t + "' needs a pooling: write '" + name + ":mean' or '"
                        + name + ":max'.");
            }
            if (channels <= 0) {
                throw new ClassifierException("Backbone descriptor of " + d.name() + " gives no channel count for '"
                        + name + "'. Add 'classes' to its logits/cam entry.");
            }
            parts.add(new Part(name, output, channels, pooling));
        }
        if (parts.isEmpty()) {
            throw new ClassifierException("The feature spec '" + spec + "' is empty. Use e.g. " + DEFAULT_SPEC + ".");
        }
        return new ClassFeatures(parts);
    }

    /** The feature vectors {@code [N, dim]} of a batch's raw backbone outputs, by differentiable ops only. */
    public NDArray pool(NDList backboneOutputs) {
        List<NDArray> blocks = new ArrayList<>();
        for (Part p : parts) {
            if (p.output() >= backboneOutputs.size()) {
                throw new IllegalArgumentException("feature '" + p.spec() + "' reads backbone output " + p.output()
                        + " but only " + backboneOutputs.size() + " outputs were given");
            }
            NDArray x = backboneOutputs.get(p.output());
            NDArray pooled = switch (p.pooling()) {
                case NONE -> x;
                case MEAN -> x.mean(new int[] {3}).mean(new int[] {2});
                case MAX -> x.max(new int[] {3}).max(new int[] {2});
            };
            if (pooled.getShape().dimension() != 2 || pooled.getShape().get(1) != p.channels()) {
                throw new IllegalArgumentException("feature '" + p.spec() + "' expected " + p.channels()
                        + " channels from backbone output " + p.output() + " but it has shape " + x.getShape());
            }
            blocks.add(pooled);
        }
        return blocks.size() == 1 ? blocks.get(0) : NDArrays.concat(new NDList(blocks), 1);
    }
}
