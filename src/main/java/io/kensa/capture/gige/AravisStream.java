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
    // where the GigE packet counters sit among the stream's infos (-1: this kind of stream has none); looked up
    // once, as the counters are read after every buffer
    private final int missingInfo;
    private final int resentInfo;
    private final LongByReference completed = new LongByReference();
    private final LongByReference failures = new LongByReference();
    private final LongByReference underruns = new LongByReference();

    private AravisStream(Aravis aravis, Pointer stream) {
        this.aravis = aravis;
        this.stream = stream;
        int missing = -1;
        int resent = -1;
        int n = aravis.arv.arv_stream_get_n_infos(stream);
        for (int i = 0; i < n; i++) {
            String name = aravis.arv.arv_stream_get_info_name(stream, i);
            if ("n_missing_packets".equals(name)) {
                missing = i;
            } else if ("n_resent_packets".equals(name)) {
                resent = i;
            }
        }
        this.missingInfo = missing;
        this.resentInfo = resent;
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

    /**
     * Aravis' counters of this stream plus, for GigE streams, packet counters (not every stream type has them).
     * Frames delivered and bytes are Kensa's, so they are 0 here.
     */
    StreamStatistics statistics() {
        aravis.arv.arv_stream_get_statistics(stream, completed, failures, underruns);
        long missing = missingInfo < 0 ? 0 : aravis.arv.arv_stream_get_info_uint64(stream, missingInfo);
        long resent = resentInfo < 0 ? 0 : aravis.arv.arv_stream_get_info_uint64(stream, resentInfo);
        return new StreamStatistics(0, completed.getValue(), failures.getValue(), underruns.getValue(), missing, resent, 0);
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
