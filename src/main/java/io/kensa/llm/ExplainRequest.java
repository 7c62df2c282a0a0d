package io.kensa.llm;

import io.kensa.detect.Detection;
import java.awt.image.BufferedImage;

/**
 * One frame to explain: the clean image as captured, the detector's verdict on it, and the recipe's profile.
 * The image is not modified.
 */
public record ExplainRequest(BufferedImage image, Detection detection, LoadedProfile profile) {}
