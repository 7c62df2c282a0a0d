package io.kensa.inspect;

import io.kensa.cam.CamMap;
import io.kensa.capture.Frame;

/** A Grad-CAM map of the recipe's classifier and the frame it explains (the live view pairs them by capture time). */
public record FrameCam(Frame frame, CamMap map) {}
