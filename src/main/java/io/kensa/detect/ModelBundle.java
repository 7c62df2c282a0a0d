package io.kensa.detect;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The model bundle: one zip with {@code model.json} (format, backbone name + sha256 + descriptor, settings,
 * calibration, training summary, bank shape) and {@code bank.f32} (the memory bank, little-endian float32,
 * row-major).
 */
final class ModelBundle {
    static final int FORMAT = 1;
    private static final String MANIFEST = "model.json";
    private static final String BANK = "bank.f32";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Indented, {@code "key": value} as earlier bundles were written. */
    private static final ObjectWriter PRETTY = JSON.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)));

    private ModelBundle() {}

    /** {@code model.json}; the backbone's descriptor is kept as it was written, so a bundle names its backbone exactly. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    private record Manifest(int format, String kind, Integer preprocessing, BackboneRef backbone, TrainSettings settings,
                            Calibration calibration, TrainingSummary summary, Bank bank) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record BackboneRef(String name, String sha256, JsonNode descriptor) {}

    private record Bank(int rows, int dim) {}

    static void write(Path file, PatchCoreModel model) throws DetectException {
        BackboneDescriptor d = model.backbone().descriptor();
        Manifest m;
        try {
            m = new Manifest(FORMAT, "kensa-patchcore", PatchCoreModel.PREPROCESSING,
                    new BackboneRef(d.name(), d.sha256(), JSON.readTree(d.json())), model.settings(), model.calibration(),
                    model.summary(), new Bank(model.bankRows(), model.featureDim()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the backbone descriptor was parsed once and cannot fail now", e);
        }
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try {
                writeZip(tmp, m, model.bank());
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp); // gone after a successful move; never left behind by a failed write
            }
        } catch (IOException e) {
            throw new DetectException("Cannot write the model file " + file + ": " + e.getMessage()
                    + ". Check that the folder is writable and the disk has space.", e);
        }
    }

    private static void writeZip(Path tmp, Manifest manifest, float[] values) throws IOException {
        try (OutputStream out = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(MANIFEST));
            zip.write(PRETTY.writeValueAsBytes(manifest));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(BANK));
            ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : values) {
                if (!buf.hasRemaining()) {
                    zip.write(buf.array(), 0, buf.position());
                    buf.clear();
                }
                buf.putFloat(v);
            }
            zip.write(buf.array(), 0, buf.position());
            zip.closeEntry();
        }
    }

    static PatchCoreModel read(Path file, Backbone backbone) throws DetectException {
        if (!Files.isRegularFile(file)) {
            throw new DetectException("Model file " + file + " does not exist. Train one with 'kensa train'.");
        }
        String manifest = null;
        byte[] bankBytes = null;
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().equals(MANIFEST)) {
                    manifest = new String(zip.readAllBytes(), StandardCharsets.UTF_8);
                } else if (e.getName().equals(BANK)) {
                    bankBytes = readAll(zip);
                }
            }
        } catch (IOException e) {
            throw new DetectException("Cannot read the model file " + file + ": " + e.getMessage()
                    + ". The file is damaged; retrain the model.", e);
        }
        if (manifest == null || bankBytes == null) {
            throw new DetectException("Model file " + file + " is not a Kensa model (no " + MANIFEST + " or " + BANK
                    + " inside). Train one with 'kensa train'.");
        }
        try {
            Manifest m = JSON.readValue(manifest, Manifest.class);
            int format = m.format();
            if (format != FORMAT) {
                throw new DetectException("Model file " + file + " has format " + format + "; this Kensa reads format "
                        + FORMAT + ". Retrain the model with this version.");
            }
            int preprocessing = m.preprocessing() == null ? 1 : m.preprocessing();
            if (preprocessing != PatchCoreModel.PREPROCESSING) {
                throw new DetectException("Model file " + file + " was made by a Kensa that prepared images differently"
                        + " (preprocessing " + preprocessing + ", this one uses " + PatchCoreModel.PREPROCESSING
                        + "): its threshold would not fit this version's features. Retrain it with 'kensa train'.");
            }
            BackboneRef b = m.backbone();
            String sha = b.sha256();
            if (!sha.equals(backbone.sha256())) {
                throw new DetectException("Model file " + file + " was trained with backbone " + b.name()
                        + " (sha256 " + sha + ") but the loaded backbone is " + backbone.descriptor().name()
                        + " (sha256 " + backbone.sha256() + "). Load the model with its own backbone or retrain it.");
            }
            if (b.descriptor() != null) {
                BackboneDescriptor trainedWith = BackboneDescriptor.parse(b.descriptor().toString(),
                        file + " (its backbone descriptor)");
                java.util.Optional<String> difference = trainedWith.contractDifference(backbone.descriptor());
                if (difference.isPresent()) {
                    throw new DetectException("Model file " + file + " was trained with backbone descriptor '"
                            + trainedWith.name() + "' but the loaded one ('" + backbone.descriptor().name() + "') gives other"
                            + " features: " + difference.get() + ". Load it with the backbone it was trained with"
                            + " (--backbone, or the recipe's detector.backbone) or retrain the model.");
                }
            }
            TrainSettings settings = m.settings();
            Calibration calibration = m.calibration();
            TrainingSummary summary = m.summary();
            int rows = m.bank().rows();
            int dim = m.bank().dim();
            if ((long) rows * dim * 4 != bankBytes.length) {
                throw new DetectException("Model file " + file + " is damaged: its bank has " + bankBytes.length
                        + " bytes, expected " + rows + "x" + dim + " floats. Retrain the model.");
            }
            int channels = backbone.descriptor().patchCoreChannels();
            int projected = settings.featureProjectionDim();
            int expectedDim = projected > 0 && projected < channels ? projected : channels;
            if (dim != expectedDim) {
                throw new DetectException("Model file " + file + " holds " + dim + "-channel features but backbone "
                        + backbone.descriptor().name() + " gives " + expectedDim + ". Load it with the backbone it was"
                        + " trained with or retrain the model.");
            }
            float[] bank = new float[rows * dim];
            ByteBuffer.wrap(bankBytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(bank);
            requireFinite(file, bank, dim);
            PatchCoreModel model = new PatchCoreModel(backbone, settings, bank, rows, calibration, summary);
            if (model.featureDim() != dim) {
                throw new DetectException("Model file " + file + " has " + dim + "-channel features but its settings give "
                        + model.featureDim() + ". The file is damaged; retrain the model.");
            }
            return model;
        } catch (JsonProcessingException e) {
            throw new DetectException("Model file " + file + " has an unreadable description (" + e.getOriginalMessage()
                    + "). Retrain the model.", e);
        } catch (RuntimeException e) {
            throw new DetectException("Model file " + file + " has an unreadable description (" + e.getMessage()
                    + "). Retrain the model.", e);
        }
    }

    /** A bank with NaN or infinite values would score every part NaN (never above the threshold): refuse it. */
    static void requireFinite(Path file, float[] bank, int dim) throws DetectException {
        for (int i = 0; i < bank.length; i++) {
            if (!Float.isFinite(bank[i])) {
                throw new DetectException("Model file " + file + " is damaged: its memory bank holds " + bank[i]
                        + " at row " + (i / Math.max(1, dim)) + ", so it cannot judge parts. Delete this file (a cached"
                        + " model is retrained on the next start) or retrain the model with 'kensa train'.");
            }
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }
}
