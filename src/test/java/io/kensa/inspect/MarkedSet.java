package io.kensa.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import io.kensa.capture.Frame;
import io.kensa.config.ShippedResources;
import io.kensa.detect.Detection;
import io.kensa.llm.FakeChatServer;
import io.kensa.llm.MaskDetections;
import io.kensa.llm.PromptPart;
import io.kensa.model.InspectionId;
import io.kensa.store.InspectionInput;
import io.kensa.store.InspectionStore;
import io.kensa.store.StoreException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * A small labelled set in MVTec layout made of real demo bottle images, each marked in its top-left corner with its
 * index, so a local HTTP test server can answer deterministically per image (it reads the mark from the query image
 * it receives) and tell which prompt parts a request carried.
 */
public final class MarkedSet {
    /** The images, {@code <class>/<name>}, in the order {@link PromptEvaluation#samples} lists them. */
    public static final List<String> IMAGES = List.of("broken_large/000", "broken_large/001", "broken_small/000",
            "broken_small/001", "contamination/000", "contamination/001");
    private static final int MARK_STEP = 40;

    private MarkedSet() {}

    /** Writes the marked images and their ground-truth masks under {@code folder}; returns {@code folder}. */
    public static Path create(Path folder) throws IOException {
        Path demo = ShippedResources.demoBottle();
        for (int i = 0; i < IMAGES.size(); i++) {
            String name = IMAGES.get(i);
            BufferedImage image = ImageIO.read(demo.resolve("test/" + name + ".png").toFile());
            BufferedImage marked = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = marked.createGraphics();
            g.drawImage(image, 0, 0, null);
            g.setColor(new Color(MARK_STEP * i, 0, 0));
            g.fillRect(0, 0, 40, 40);
            g.dispose();
            Path target = folder.resolve("test/" + name + ".png");
            Files.createDirectories(target.getParent());
            ImageIO.write(marked, "png", target.toFile());
            Path mask = folder.resolve("ground_truth/" + name + "_mask.png");
            Files.createDirectories(mask.getParent());
            Files.copy(demo.resolve("ground_truth/" + name + "_mask.png"), mask);
        }
        return folder;
    }

    /**
     * Records image {@code index} of a set made by {@link #create} as an inspection of recipe bottle v1 at {@code at},
     * its mask as the detector's map, so a decision on it puts it in the decision log's labelled set.
     */
    public static InspectionId record(InspectionStore store, Path set, int index, Instant at)
            throws IOException, StoreException {
        String name = IMAGES.get(index);
        BufferedImage image = ImageIO.read(set.resolve("test/" + name + ".png").toFile());
        BufferedImage mask = ImageIO.read(set.resolve("ground_truth/" + name + "_mask.png").toFile());
        Detection detection = MaskDetections.fromMask(mask, image.getWidth(), image.getHeight());
        Frame frame = new Frame(index, at, "folder:" + set, name + ".png", image);
        return store.recordInspection(new InspectionInput(frame, detection, "bottle", 1));
    }

    /** The true class of image {@code index}. */
    public static String truth(int index) {
        return IMAGES.get(index).substring(0, IMAGES.get(index).indexOf('/'));
    }

    /** Which image a request asks about, read from the mark on its query image. */
    public static int index(FakeChatServer.Received request) {
        List<JsonNode> parts = parts(request);
        for (int i = 0; i + 1 < parts.size(); i++) {
            if (parts.get(i).path("text").asText().equals("Query image:")) {
                String url = parts.get(i + 1).path("image_url").path("url").asText();
                byte[] png = Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1));
                try {
                    BufferedImage query = ImageIO.read(new ByteArrayInputStream(png));
                    int red = (query.getRGB(10, 10) >> 16) & 0xFF;
                    return Math.round(red / (float) MARK_STEP);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new AssertionError("the request has no query image: " + request.body());
    }

    /** The text prompt of a request (its last text part). */
    public static String prompt(FakeChatServer.Received request) {
        List<JsonNode> parts = parts(request);
        return parts.get(parts.size() - 1).path("text").asText();
    }

    public static int imageCount(FakeChatServer.Received request) {
        return (int) parts(request).stream().filter(p -> p.path("type").asText().equals("image_url")).count();
    }

    /** The prompt parts a request carried, judged from what was sent (images and section headings). */
    public static Set<PromptPart> partsSent(FakeChatServer.Received request) {
        Set<PromptPart> sent = EnumSet.noneOf(PromptPart.class);
        List<String> texts = parts(request).stream().map(p -> p.path("text").asText()).toList();
        if (texts.stream().anyMatch(t -> t.startsWith("Reference image 1 (RI)"))) {
            sent.add(PromptPart.RI);
        }
        if (texts.stream().anyMatch(t -> t.contains("outlined in red (visual prompt)"))) {
            sent.add(PromptPart.VP);
        }
        String prompt = prompt(request);
        if (prompt.contains("## Normal description (ND)")) {
            sent.add(PromptPart.ND);
        }
        if (prompt.contains("## Anomaly classes (AD)")) {
            sent.add(PromptPart.AD);
        }
        if (prompt.contains("## Classification strategy (CS)")) {
            sent.add(PromptPart.CS);
        }
        return sent;
    }

    /** A streamed schema-valid answer naming {@code className}. */
    public static FakeChatServer.Reply answer(String className) {
        return FakeChatServer.Reply.stream(("{\"class\":\"%s\",\"severity\":\"defect\",\"confidence\":0.8,"
                + "\"rationale\":\"The rim shows it. It is clear.\",\"evidence\":\"rim\"}").formatted(className));
    }

    private static List<JsonNode> parts(FakeChatServer.Received request) {
        List<JsonNode> parts = new ArrayList<>();
        for (JsonNode message : request.body().path("messages")) {
            if (message.path("role").asText().equals("user")) {
                message.path("content").forEach(parts::add);
            }
        }
        return parts;
    }
}
