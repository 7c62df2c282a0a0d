package io.kensa.detect;

import java.nio.file.Path;
import java.util.Optional;

/** A test image with its truth: good or defective, and the defect mask when one exists (white = defect). */
public record LabelledImage(Path image, boolean defective, Optional<Path> mask) {}
