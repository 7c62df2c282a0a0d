package io.kensa.capture.gige;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CameraDiscoveryTest {

    @TempDir
    Path tmp;

    @Test
    void listsUsbCaptureNodesAndSkipsMetadataNodes() throws Exception {
        Path dev = Files.createDirectories(tmp.resolve("dev"));
        Path sys = Files.createDirectories(tmp.resolve("sys"));
        for (String node : List.of("video0", "video1", "video10", "vcs", "video2x")) {
            Files.createFile(dev.resolve(node));
        }
        Files.createDirectories(sys.resolve("video0"));
        Files.writeString(sys.resolve("video0/name"), "HD Pro Webcam C920\n");
        Files.writeString(sys.resolve("video0/index"), "0\n");
        Files.createDirectories(sys.resolve("video1"));
        Files.writeString(sys.resolve("video1/index"), "1\n");

        List<CameraDiscovery.DiscoveredCamera> cameras = CameraDiscovery.findUsbCameras(dev, sys);

        assertEquals(List.of("usb:0", "usb:10"), cameras.stream().map(CameraDiscovery.DiscoveredCamera::spec).toList());
        assertEquals("HD Pro Webcam C920", cameras.get(0).model());
        assertEquals("USB camera", cameras.get(1).model());
        assertEquals("USB", cameras.get(0).kind());
    }

    @Test
    void noVideoFolderMeansNoUsbCameras() {
        assertTrue(CameraDiscovery.findUsbCameras(tmp.resolve("absent"), tmp.resolve("absent-sys")).isEmpty());
    }

    @Test
    void findsTheSimulatedCamerasInsideALoopbackOnlyNamespace() throws Exception {
        AravisInstall.require();
        String script = LoopbackNamespace.FAKE_CAMERA_IN_BACKGROUND
                + "sleep 1\n"
                + LoopbackNamespace.javaCommand() + " io.kensa.capture.gige.DiscoveryProbe --with-fake\n";
        LoopbackNamespace.Result result = LoopbackNamespace.run(script, 90);

        assertEquals(0, result.exitCode(), result.output());
        List<String> lines = result.output().lines().filter(l -> l.contains("|")).toList();
        assertTrue(lines.contains("Fake|Fake_1|0.0.0.0|Aravis|Fake|1|gige://Fake_1"), result.output());
        assertTrue(lines.contains("GigE Vision|Aravis-Fake-GV01|127.0.0.1|Aravis|Fake|GV01|gige://Aravis-Fake-GV01"), result.output());
    }
}
