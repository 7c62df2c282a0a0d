package io.kensa.capture.gige;

/**
 * Lists cameras with {@link CameraDiscovery#findFakeCameras()} ({@code found|SPEC}, {@code problem|TEXT}), then
 * opens the loopback camera by address to show the real interfaces are switched back on ({@code reopen|ok}).
 * Started by {@link FakeDiscoveryNetworkTest} inside a loopback-only network namespace.
 */
final class FakeDiscoveryProbe {
    private FakeDiscoveryProbe() {}

    public static void main(String[] args) {
        CameraDiscovery.Result result = CameraDiscovery.findFakeCameras();
        result.cameras().forEach(c -> System.out.println("found|" + c.spec()));
        result.problems().forEach(p -> System.out.println("problem|" + p));
        try (GigeVisionSource source = GigeVisionSource.fromSpec("gige://127.0.0.1")) {
            source.open();
            source.grab();
            System.out.println("reopen|ok");
        } catch (Exception e) {
            System.out.println("reopen|error|" + e.getMessage());
        }
    }
}
