package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.capture.gige.AravisInstall;
import io.kensa.capture.gige.CameraDiscovery;
import io.kensa.capture.gige.CameraDiscovery.DiscoveredCamera;
import io.kensa.capture.gige.GigeVisionSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * "Find cameras" without a screen. Discovery here is the fake-only kind, which switches every network interface of
 * Aravis off while it lists, so these tests never broadcast.
 */
class CamerasViewModelTest {
    private final AtomicLong clock = new AtomicLong();

    private CamerasViewModel searched(Supplier<CameraDiscovery.Result> discovery) {
        CamerasViewModel vm = new CamerasViewModel(() -> {
            clock.addAndGet(1_200_000_000L);
            return discovery.get();
        }, Runnable::run, Runnable::run, clock::get);
        vm.search();
        return vm;
    }

    @Test
    void listsTheFakeCameraSelectedAndReturnsItsSpec() {
        AravisInstall.require();
        CamerasViewModel vm = searched(CameraDiscovery::findFakeCameras);
        assertEquals(1, vm.cameras().size(), vm.cameras().toString());
        DiscoveredCamera fake = vm.cameras().get(0);
        assertEquals("gige://Fake_1", fake.spec());
        assertEquals("Aravis", fake.vendor());
        assertEquals("Fake", fake.model());
        assertEquals("Found 1 camera in 1.2 s.", vm.status().get());
        assertTrue(vm.problems().isEmpty());
        assertFalse(vm.searching().get());
        assertEquals(fake, vm.selected().get(), "the first camera is selected");
        assertEquals(Optional.of("gige://Fake_1"), vm.choice());
        assertEquals("In-process demo camera", CamerasViewModel.kindText(fake));
        assertEquals("Fake_1 (in-process)", CamerasViewModel.addressText(fake));
    }

    @Test
    void showsWhyAKindCouldNotBeListed() {
        String missing = GigeVisionSource.installHint() + " (Unable to load library 'aravis-0.8')";
        CamerasViewModel vm = searched(() -> new CameraDiscovery.Result(List.of(), List.of(missing)));
        assertTrue(vm.problems().get(0).contains("apt-get install libaravis-0.8-0"), vm.problems().toString());
        assertTrue(vm.status().get().startsWith("No cameras found"), vm.status().get());
        assertNull(vm.selected().get(), "nothing to choose");
        assertEquals(Optional.empty(), vm.choice());
        assertFalse(vm.failed().get());
    }

    @Test
    void countsSeveralCamerasAndNamesAddressAndIdWhenTheyDiffer() {
        DiscoveredCamera gige = new DiscoveredCamera("GigEVision", "Basler-21234567", "192.168.1.20", "Basler", "acA", "21234567",
                "gige://Basler-21234567");
        DiscoveredCamera usb = new DiscoveredCamera("USB", "usb:0", "usb:0", "", "HD Webcam", "", "usb:0");
        CamerasViewModel vm = searched(() -> new CameraDiscovery.Result(List.of(gige, usb), List.of()));
        assertEquals("Found 2 cameras in 1.2 s.", vm.status().get());
        assertEquals("192.168.1.20 · Basler-21234567", CamerasViewModel.addressText(gige));
        assertEquals("usb:0", CamerasViewModel.addressText(usb));
        assertEquals("GigEVision", CamerasViewModel.kindText(gige));
        vm.selected().set(usb);
        assertEquals(Optional.of("usb:0"), vm.choice());
    }

    @Test
    void aFailedSearchSaysSoAndCanBeRepeated() {
        CamerasViewModel vm = searched(() -> {
            throw new IllegalStateException("no network");
        });
        assertEquals("Searching for cameras failed (IllegalStateException: no network). Try again; the log has the details.",
                vm.status().get());
        assertTrue(vm.failed().get());
        assertFalse(vm.searching().get(), "Search again is offered");
    }

    @Test
    void searchesOnTheBackgroundExecutorOnceAtATimeAndDropsTheResultWhenClosed() {
        List<Runnable> background = new ArrayList<>();
        List<Runnable> fx = new ArrayList<>();
        CamerasViewModel vm = new CamerasViewModel(() -> new CameraDiscovery.Result(List.of(), List.of("late")),
                background::add, fx::add, clock::get);
        vm.search();
        vm.search();
        assertEquals(1, background.size(), "one search at a time");
        assertTrue(vm.searching().get());
        assertEquals("Searching for cameras (about a second)…", vm.status().get());
        background.remove(0).run();
        vm.close();
        fx.remove(0).run();
        assertTrue(vm.problems().isEmpty(), "closed: the result is dropped");
        assertFalse(vm.searching().get());
    }
}
