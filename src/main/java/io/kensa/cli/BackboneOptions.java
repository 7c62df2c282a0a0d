package io.kensa.cli;

import io.kensa.config.ShippedResources;
import io.kensa.detect.Backbone;
import io.kensa.detect.DetectException;
import io.kensa.detect.DeviceSetting;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --backbone} and {@code --device}, shared by the detection commands. */
final class BackboneOptions {
    @Option(names = "--backbone", paramLabel = "FILE",
            description = "Backbone descriptor (backbone.json beside the TorchScript .pt) or its folder."
                    + " Default: the shipped ImageNet MobileNetV2.")
    Path backbone;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu (default: ${DEFAULT-VALUE}).")
    String device;

    Backbone load() throws DetectException {
        return Backbone.load(descriptor(), DeviceSetting.parse(device));
    }

    /** The descriptor file {@code --backbone} names (or the shipped one). */
    Path descriptor() {
        return backbone == null ? ShippedResources.mobilenetV2().resolve("backbone.json")
                : Files.isDirectory(backbone) ? backbone.resolve("backbone.json") : backbone;
    }
}
