package io.kensa.capture.gige;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import io.kensa.capture.CaptureException;
import java.util.HashSet;
import java.util.Set;

/**
 * One {@code ArvStream} with its pool of buffers. Buffers cycle: the stream fills one, {@link #pop} hands it out,
 * the caller copies the image and gives it back with {@link #push}. Unref-ing the stream frees the buffers it
 * holds; {@link #close()} also frees any buffer still out.
 */
final class AravisStream implements AutoCloseable {

    private final Aravis aravis;
    private Pointer stream;
    private final Set<Pointer> out = new HashSet<>();

    private AravisStream(Aravis aravis, Pointer stream) {
        this.aravis = aravis;
        this.stream = stream;
    }

    static AravisStream open(Aravis aravis, AravisCamera camera, int buffers) throws CaptureException {
        int payload = camera.payload();
        AravisStream s = new AravisStream(aravis, camera.createStream());
        for (int i = 0; i < buffers; i++) {
            Pointer buffer = aravis.arv.arv_buffer_new_allocate(payload);
            if (buffer == null) {
                s.close();
                throw new CaptureException("Out of memory for " + buffers + " camera buffers of " + payload + " bytes");
            }
            aravis.arv.arv_stream_push_buffer(s.stream, buffer);
        }
        return s;
    }

    /** The next filled buffer (maybe a failed one: check its status), or empty after {@code timeoutMicros}. */
    Pointer pop(long timeoutMicros) {
        Pointer buffer = aravis.arv.arv_stream_timeout_pop_buffer(stream, timeoutMicros);
        if (buffer != null) {
            out.add(buffer);
        }
        return buffer;
    }

    void push(Pointer buffer) {
        out.remove(buffer);
        aravis.arv.arv_stream_push_buffer(stream, buffer);
    }

    /** Aravis' counters plus, for GigE streams, packet counters (read by name: not every stream type has them). */
    StreamStatistics statistics(long delivered, long bytes) {
        LongByReference completed = new LongByReference();
        LongByReference failures = new LongByReference();
        LongByReference underruns = new LongByReference();
        aravis.arv.arv_stream_get_statistics(stream, completed, failures, underruns);
        long missing = 0;
        long resent = 0;
        int n = aravis.arv.arv_stream_get_n_infos(stream);
        for (int i = 0; i < n; i++) {
            String name = aravis.arv.arv_stream_get_info_name(stream, i);
            if ("n_missing_packets".equals(name)) {
                missing = aravis.arv.arv_stream_get_info_uint64_by_name(stream, name);
            } else if ("n_resent_packets".equals(name)) {
                resent = aravis.arv.arv_stream_get_info_uint64_by_name(stream, name);
            }
        }
        return new StreamStatistics(delivered, completed.getValue(), failures.getValue(), underruns.getValue(),
                missing, resent, bytes);
    }

    @Override
    public void close() {
        if (stream == null) {
            return;
        }
        aravis.glib.g_object_unref(stream);
        stream = null;
        for (Pointer buffer : out) {
            aravis.glib.g_object_unref(buffer);
        }
        out.clear();
    }
}
