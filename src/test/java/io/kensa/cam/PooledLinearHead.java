package io.kensa.cam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference script's trained head (reference/head.json) as a {@link ClassScorer}: logistic regression on
 * standardised [mean(feat_s8), mean(feat_s16), ImageNet logits], in differentiable DJL ops — the shape of contract a
 * {@code ClassifierHead} has.
 */
final class PooledLinearHead {
    private PooledLinearHead() {}

    static ClassScorer fromFixture() {
        JsonObject o;
        try (InputStream in = PooledLinearHead.class.getResourceAsStream("reference/head.json")) {
            o = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> classes = new ArrayList<>();
        o.getAsJsonArray("classes").forEach(e -> classes.add(e.getAsString()));
        float[] mu = floats(o.getAsJsonArray("mu"));
        float[] sigma = floats(o.getAsJsonArray("sigma"));
        JsonArray rows = o.getAsJsonArray("W");
        int k = rows.size(), d = mu.length;
        float[] w = new float[k * d];
        for (int i = 0; i < k; i++) {
            System.arraycopy(floats(rows.get(i).getAsJsonArray()), 0, w, i * d, d);
        }
        float[] b = floats(o.getAsJsonArray("b"));
        return ClassScorer.of("test head (logistic regression on pooled features)", classes, out -> {
            var m = out.get(0).getManager();
            NDArray s8 = out.get(1).mean(new int[] {3}).mean(new int[] {2});
            NDArray s16 = out.get(2).mean(new int[] {3}).mean(new int[] {2});
            NDArray f = NDArrays.concat(new NDList(s8, s16, out.get(0)), 1);
            NDArray z = f.sub(m.create(mu, new Shape(1, d))).div(m.create(sigma, new Shape(1, d)));
            return z.matMul(m.create(w, new Shape(k, d)).transpose()).add(m.create(b, new Shape(1, k)));
        });
    }

    static float[] floats(JsonArray a) {
        float[] f = new float[a.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = a.get(i).getAsFloat();
        }
        return f;
    }
}
