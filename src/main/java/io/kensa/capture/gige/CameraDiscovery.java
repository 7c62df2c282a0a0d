package io.kensa.capture.gige;

import io.kensa.capture.CaptureException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * "Find cameras": GigE Vision and USB3 Vision devices through Aravis, plus USB (UVC) cameras from
 * {@code /dev/video*} on Linux. Vision discovery broadcasts on every network interface and waits about a
 * second, so call it off the UI thread, and only when the user asks.
 */
public final class CameraDiscovery {

    /**
     * One camera found.
     *
     * @param kind    {@code GigE Vision}, {@code USB3 Vision}, {@code USB} (UVC) or {@code Fake} (Aravis' simulated camera)
     * @param id      the stable name to open it by (Aravis device id, or the video device path)
     * @param address network address for GigE, bus position for USB3 Vision, device path for UVC; may be empty
     * @param spec    the source spec that opens it: {@code gige://ID} or {@code usb:N}
     */
    public record DiscoveredCamera(String kind, String id, String address, String vendor, String model,
                                   String serialNumber, String spec) {}

    /**
     * Everything found, and why a kind of camera could not be listed (e.g. libaravis missing), in words for the
     * user. A problem with one kind never hides the others.
     */
    public record Result(List<DiscoveredCamera> cameras, List<String> problems) {
        public Result {
            cameras = List.copyOf(cameras);
            problems = List.copyOf(problems);
        }
    }

    /** The spec of Aravis' in-process simulated camera, which works without hardware or network. */
    public static final String DEMO_SPEC = GigeSpec.of(AravisCamera.FAKE_PREFIX + "1");
    /** {@link DiscoveredCamera#kind()} of Aravis' simulated cameras. */
    public static final String FAKE_KIND = "Fake";

    private static final String FAKE_INTERFACE = "Fake";
    private static final String DEMO_ID = AravisCamera.FAKE_PREFIX + "1";
    private static final Pattern VIDEO_NODE = Pattern.compile("video(\\d+)");

    private CameraDiscovery() {}

    /** GigE / USB3 Vision cameras (broadcast discovery) and USB cameras. */
    public static Result findAll() {
        List<DiscoveredCamera> cameras = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try {
            cameras.addAll(findVisionCameras());
        } catch (CaptureException e) {
            problems.add(e.getMessage());
        }
        if (isLinux()) {
            cameras.addAll(findUsbCameras(Path.of("/dev"), Path.of("/sys/class/video4linux")));
        } else {
            problems.add("USB cameras are not listed on this system; open one by number: usb:0, usb:1, …");
        }
        return new Result(cameras, problems);
    }

    /**
     * GigE Vision and USB3 Vision devices Aravis can see. Sends a discovery broadcast on every network interface.
     *
     * @throws CaptureException when libaravis is not installed (the message says how to install it)
     */
    public static List<DiscoveredCamera> findVisionCameras() throws CaptureException {
        Aravis aravis = Aravis.get();
        synchronized (Aravis.REGISTRY) {
            aravis.arv.arv_update_device_list();
            return listDevices(aravis.arv);
        }
    }

    /**
     * Only Aravis' in-process simulated cameras ({@code Fake_1}): every other Aravis interface is switched off
     * while the list is updated and switched back on after, so nothing is sent on any network. For demos and for
     * tests of "Find cameras" that must not broadcast. A problem (libaravis missing) is reported, not thrown.
     */
    public static Result findFakeCameras() {
        Aravis aravis;
        try {
            aravis = Aravis.get();
        } catch (CaptureException e) {
            return new Result(List.of(), List.of(e.getMessage()));
        }
        Aravis.Lib arv = aravis.arv;
        synchronized (Aravis.REGISTRY) {
            List<String> others = new ArrayList<>();
            for (int i = 0; i < arv.arv_get_n_interfaces(); i++) {
                String id = text(arv.arv_get_interface_id(i));
                if (!id.isEmpty() && !id.equals(FAKE_INTERFACE)) {
                    others.add(id);
                }
            }
            others.forEach(arv::arv_disable_interface);
            arv.arv_enable_interface(FAKE_INTERFACE);
            try {
                arv.arv_update_device_list();
                return new Result(listDevices(arv), List.of());
            } finally {
                // Kensa never switches a real interface off for longer: they are all on by default
                others.forEach(arv::arv_enable_interface);
            }
        }
    }

    /**
     * {@code found} plus Aravis' in-process demo camera ({@value #DEMO_SPEC}) when libaravis is installed and the
     * demo camera is not listed yet. It needs no hardware and no network: a camera to try settings and the
     * pipeline on.
     */
    public static Result withDemoCamera(Result found) {
        boolean listed = found.cameras().stream().anyMatch(c -> c.spec().equals(DEMO_SPEC));
        if (listed || !Aravis.isAvailable()) {
            return found;
        }
        List<DiscoveredCamera> cameras = new ArrayList<>(found.cameras());
        cameras.add(new DiscoveredCamera(FAKE_KIND, DEMO_ID, "in-process", "Aravis", "Fake", "1", DEMO_SPEC));
        return new Result(cameras, found.problems());
    }

    private static List<DiscoveredCamera> listDevices(Aravis.Lib arv) {
        List<DiscoveredCamera> cameras = new ArrayList<>();
        int n = arv.arv_get_n_devices();
        for (int i = 0; i < n; i++) {
            String id = text(arv.arv_get_device_id(i));
            if (id.isEmpty()) {
                continue;
            }
            cameras.add(new DiscoveredCamera(kind(text(arv.arv_get_device_protocol(i))), id,
                    text(arv.arv_get_device_address(i)), text(arv.arv_get_device_vendor(i)),
                    text(arv.arv_get_device_model(i)), text(arv.arv_get_device_serial_nbr(i)),
                    GigeSpec.of(id)));
        }
        return cameras;
    }

    /**
     * USB (UVC) cameras: the {@code videoN} nodes under {@code devDir} that are capture nodes (sysfs {@code index}
     * 0 — a UVC camera also creates a metadata node), named from sysfs when it has a name. Never throws: no
     * folder means no cameras.
     */
    static List<DiscoveredCamera> findUsbCameras(Path devDir, Path sysDir) {
        List<DiscoveredCamera> cameras = new ArrayList<>();
        try (Stream<Path> nodes = Files.list(devDir)) {
            List<Path> video = nodes.filter(p -> VIDEO_NODE.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingInt(CameraDiscovery::nodeNumber)).toList();
            for (Path node : video) {
                String name = node.getFileName().toString();
                Path sys = sysDir.resolve(name);
                if (!readFirstLine(sys.resolve("index")).map("0"::equals).orElse(true)) {
                    continue;
                }
                String model = readFirstLine(sys.resolve("name")).orElse("USB camera");
                cameras.add(new DiscoveredCamera("USB", node.toString(), node.toString(), "", model, "",
                        "usb:" + nodeNumber(node)));
            }
        } catch (IOException e) {
            return cameras;
        }
        return cameras;
    }

    private static int nodeNumber(Path node) {
        Matcher m = VIDEO_NODE.matcher(node.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : Integer.MAX_VALUE;
    }

    private static Optional<String> readFirstLine(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return lines.isEmpty() ? Optional.empty() : Optional.of(lines.get(0).trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String kind(String protocol) {
        return switch (protocol) {
            case "GigEVision" -> "GigE Vision";
            case "USB3Vision" -> "USB3 Vision";
            default -> protocol;
        };
    }

    private static boolean isLinux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
