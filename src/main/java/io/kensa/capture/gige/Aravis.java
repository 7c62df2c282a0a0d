package io.kensa.capture.gige;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.DoubleByReference;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import io.kensa.capture.CaptureException;
import java.util.ArrayList;
import java.util.List;

/**
 * JNA binding to libaravis-0.8 and the few GLib/GObject calls it needs. Loaded on first use only, so a machine
 * without Aravis runs the rest of Kensa and sees one clear message when it asks for a GigE camera.
 */
final class Aravis {

    static final String INSTALL_HINT = "GigE Vision / USB3 Vision cameras need the Aravis library (libaravis-0.8). "
            + "Install it with: sudo apt-get install libaravis-0.8-0 (on other systems see https://github.com/AravisProject/aravis)";

    /** The C API, only the calls Kensa uses. Pointers are opaque GObjects; {@code gboolean} is an int. */
    interface Lib extends Library {
        // system: interfaces and device list
        int arv_get_n_interfaces();
        String arv_get_interface_id(int index);
        void arv_enable_interface(String interfaceId);
        void arv_disable_interface(String interfaceId);
        void arv_update_device_list();
        int arv_get_n_devices();
        String arv_get_device_id(int index);
        String arv_get_device_address(int index);
        String arv_get_device_vendor(int index);
        String arv_get_device_model(int index);
        String arv_get_device_serial_nbr(int index);
        String arv_get_device_protocol(int index);
        int arv_get_major_version();
        int arv_get_minor_version();
        int arv_get_micro_version();

        // camera
        Pointer arv_camera_new(String name, PointerByReference error);
        Pointer arv_camera_get_device(Pointer camera);
        String arv_camera_get_vendor_name(Pointer camera, PointerByReference error);
        String arv_camera_get_model_name(Pointer camera, PointerByReference error);
        String arv_camera_get_device_serial_number(Pointer camera, PointerByReference error);
        String arv_camera_get_device_id(Pointer camera, PointerByReference error);
        int arv_camera_is_gv_device(Pointer camera);
        int arv_gv_device_is_controller(Pointer gvDevice);

        void arv_camera_get_sensor_size(Pointer camera, IntByReference width, IntByReference height, PointerByReference error);
        void arv_camera_set_region(Pointer camera, int x, int y, int width, int height, PointerByReference error);
        void arv_camera_get_region(Pointer camera, IntByReference x, IntByReference y, IntByReference width,
                IntByReference height, PointerByReference error);
        void arv_camera_get_width_bounds(Pointer camera, IntByReference min, IntByReference max, PointerByReference error);
        int arv_camera_get_width_increment(Pointer camera, PointerByReference error);
        void arv_camera_get_height_bounds(Pointer camera, IntByReference min, IntByReference max, PointerByReference error);
        int arv_camera_get_height_increment(Pointer camera, PointerByReference error);
        int arv_camera_is_region_offset_available(Pointer camera, PointerByReference error);
        void arv_camera_get_x_offset_bounds(Pointer camera, IntByReference min, IntByReference max, PointerByReference error);
        void arv_camera_get_y_offset_bounds(Pointer camera, IntByReference min, IntByReference max, PointerByReference error);

        void arv_camera_set_pixel_format_from_string(Pointer camera, String format, PointerByReference error);
        String arv_camera_get_pixel_format_as_string(Pointer camera, PointerByReference error);
        Pointer arv_camera_dup_available_pixel_formats_as_strings(Pointer camera, IntByReference n, PointerByReference error);

        int arv_camera_is_exposure_time_available(Pointer camera, PointerByReference error);
        void arv_camera_set_exposure_time(Pointer camera, double us, PointerByReference error);
        double arv_camera_get_exposure_time(Pointer camera, PointerByReference error);
        void arv_camera_get_exposure_time_bounds(Pointer camera, DoubleByReference min, DoubleByReference max, PointerByReference error);
        int arv_camera_is_exposure_auto_available(Pointer camera, PointerByReference error);
        void arv_camera_set_exposure_time_auto(Pointer camera, int autoMode, PointerByReference error);

        int arv_camera_is_gain_available(Pointer camera, PointerByReference error);
        void arv_camera_set_gain(Pointer camera, double gain, PointerByReference error);
        double arv_camera_get_gain(Pointer camera, PointerByReference error);
        void arv_camera_get_gain_bounds(Pointer camera, DoubleByReference min, DoubleByReference max, PointerByReference error);
        int arv_camera_is_gain_auto_available(Pointer camera, PointerByReference error);
        void arv_camera_set_gain_auto(Pointer camera, int autoMode, PointerByReference error);

        int arv_camera_is_frame_rate_available(Pointer camera, PointerByReference error);
        void arv_camera_set_frame_rate(Pointer camera, double fps, PointerByReference error);
        double arv_camera_get_frame_rate(Pointer camera, PointerByReference error);
        void arv_camera_get_frame_rate_bounds(Pointer camera, DoubleByReference min, DoubleByReference max, PointerByReference error);

        int arv_camera_is_feature_available(Pointer camera, String feature, PointerByReference error);
        String arv_camera_get_string(Pointer camera, String feature, PointerByReference error);
        Pointer arv_camera_dup_available_trigger_sources(Pointer camera, IntByReference n, PointerByReference error);
        void arv_camera_set_trigger(Pointer camera, String source, PointerByReference error);
        void arv_camera_clear_triggers(Pointer camera, PointerByReference error);
        void arv_camera_software_trigger(Pointer camera, PointerByReference error);

        void arv_camera_set_acquisition_mode(Pointer camera, int mode, PointerByReference error);
        int arv_camera_get_payload(Pointer camera, PointerByReference error);
        Pointer arv_camera_create_stream(Pointer camera, Pointer callback, Pointer userData, PointerByReference error);
        void arv_camera_start_acquisition(Pointer camera, PointerByReference error);
        void arv_camera_stop_acquisition(Pointer camera, PointerByReference error);

        // stream and buffers
        Pointer arv_buffer_new_allocate(long size);
        void arv_stream_push_buffer(Pointer stream, Pointer buffer);
        Pointer arv_stream_timeout_pop_buffer(Pointer stream, long timeoutMicros);
        void arv_stream_get_statistics(Pointer stream, LongByReference completed, LongByReference failures, LongByReference underruns);
        int arv_stream_get_n_infos(Pointer stream);
        String arv_stream_get_info_name(Pointer stream, int id);
        long arv_stream_get_info_uint64(Pointer stream, int id);
        int arv_buffer_get_status(Pointer buffer);
        int arv_buffer_get_payload_type(Pointer buffer);
        long arv_buffer_get_frame_id(Pointer buffer);
        Pointer arv_buffer_get_image_data(Pointer buffer, LongByReference size);
        int arv_buffer_get_image_pixel_format(Pointer buffer);
        int arv_buffer_get_image_width(Pointer buffer);
        int arv_buffer_get_image_height(Pointer buffer);
    }

    /**
     * GLib and GObject: memory, errors and reference counts. Deliberately no signal handlers: Aravis emits its
     * signals (e.g. "control-lost") from its own threads, and an emission holds a reference to the device. A
     * handler there let the heartbeat thread drop the device's last reference and finalize it, and the finalizer
     * joins the heartbeat thread, i.e. itself: GLib aborts the whole process (SIGTRAP, "Resource deadlock
     * avoided" in g_thread_join). State that Aravis threads change is polled instead.
     */
    interface GLib extends Library {
        void g_free(Pointer memory);
        void g_error_free(Pointer error);
        void g_object_unref(Pointer object);
    }

    // ArvBufferStatus / ArvBufferPayloadType / ArvAcquisitionMode / ArvAuto values from arvbuffer.h and arvenums.h
    static final int BUFFER_STATUS_SUCCESS = 0;
    static final int PAYLOAD_TYPE_IMAGE = 1;
    static final int PAYLOAD_TYPE_EXTENDED_CHUNK_DATA = 5;
    static final int ACQUISITION_MODE_CONTINUOUS = 0;
    static final int AUTO_OFF = 0;
    static final int AUTO_CONTINUOUS = 2;

    private static final Object LOCK = new Object();
    private static Aravis instance;

    /**
     * Guards Aravis' process-wide device registry: the interface list, switching interfaces on and off, device
     * list updates and opening a device by name (which looks the name up in those lists). Aravis does not lock
     * them itself, and a "Find cameras" that switches the network interfaces off for a moment must not make a
     * camera reopening on another thread fail with "no such camera".
     */
    static final Object REGISTRY = new Object();

    final Lib arv;
    final GLib glib;

    private Aravis(Lib arv, GLib glib) {
        this.arv = arv;
        this.glib = glib;
    }

    /**
     * The loaded library, or a CaptureException that says how to install it. A failed load is retried on the
     * next call, so installing Aravis while Kensa runs is enough.
     */
    static Aravis get() throws CaptureException {
        synchronized (LOCK) {
            if (instance == null) {
                instance = load("aravis-0.8", "libaravis-0.8.so.0");
            }
            return instance;
        }
    }

    /** Loads the library under the given names (the plain one, then Debian's versioned runtime file name). */
    static Aravis load(String name, String runtimeName) throws CaptureException {
        try {
            GLib glib = load("gobject-2.0", "libgobject-2.0.so.0", GLib.class);
            return new Aravis(load(name, runtimeName, Lib.class), glib);
        } catch (UnsatisfiedLinkError e) {
            throw new CaptureException(INSTALL_HINT + " (" + firstLine(e.getMessage()) + ")", e);
        }
    }

    /** True when libaravis can be loaded on this machine (for a UI that greys out the GigE option). */
    static boolean isAvailable() {
        try {
            get();
            return true;
        } catch (CaptureException e) {
            return false;
        }
    }

    // Debian ships only the versioned runtime name (libaravis-0.8.so.0) unless the -dev package is installed
    private static <T extends Library> T load(String name, String runtimeName, Class<T> type) {
        try {
            return Native.load(name, type);
        } catch (UnsatisfiedLinkError first) {
            try {
                return Native.load(runtimeName, type);
            } catch (UnsatisfiedLinkError second) {
                first.addSuppressed(second);
                throw first;
            }
        }
    }

    String version() {
        return arv.arv_get_major_version() + "." + arv.arv_get_minor_version() + "." + arv.arv_get_micro_version();
    }

    /**
     * Throws when {@code error} holds a GError, freeing it. {@code what} says what Kensa was doing, in words
     * a person can act on; the library's own message follows it.
     */
    void check(PointerByReference error, String what) throws CaptureException {
        Pointer gerror = error.getValue();
        if (gerror == null) {
            return;
        }
        error.setValue(null);
        // struct GError { GQuark domain; gint code; gchar *message; }: the message pointer sits at offset 8
        Pointer message = gerror.getPointer(8);
        String text = message == null ? "unknown Aravis error" : message.getString(0);
        glib.g_error_free(gerror);
        throw new CaptureException(what + ": " + text);
    }

    /** Reads and frees a {@code const char **} array returned by the {@code arv_camera_dup_*} calls. */
    List<String> takeStrings(Pointer array, int count) {
        List<String> values = new ArrayList<>(count);
        if (array == null) {
            return values;
        }
        for (int i = 0; i < count; i++) {
            Pointer p = array.getPointer((long) i * Native.POINTER_SIZE);
            if (p != null) {
                values.add(p.getString(0));
            }
        }
        // the array is ours to free; the strings inside belong to the camera's GenICam tree
        glib.g_free(array);
        return values;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "library not found";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
