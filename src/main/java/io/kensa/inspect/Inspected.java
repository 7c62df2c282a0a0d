package io.kensa.inspect;

import io.kensa.capture.Frame;
import io.kensa.detect.Detection;

/** A frame together with the detector's verdict on it. */
public record Inspected(Frame frame, Detection detection) {}
