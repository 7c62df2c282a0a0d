package io.kensa.capture;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegLogCallback;

/**
 * {@code video:PATH}: replays a video file with FFmpeg (JavaCV), looping, paced at the file's frame rate unless
 * {@code fps} overrides it. Owns one {@link FFmpegFrameGrabber}, used only from the capture thread.
 */
final class VideoReplay extends BaseSource implements Replay {
    private static final double FALLBACK_FPS = 25;
    /** JavaCV's "avformat_open_input() error -1094995529: " prefix; group 1 is FFmpeg's error number. */
    private static final Pattern FFMPEG_ERROR = Pattern.compile("\\w+\\(\\) error (-?\\d+):?\\s*");
    /** JavaCV's hints to programmers: "(Has setFormat() been called?)", "(For more details, make sure …)". */
    private static final Pattern JAVACV_HINT = Pattern.compile("\\s*\\((?:Has |For more details)(?:[^()]|\\(\\))*\\)");

    static {
        // route FFmpeg's own log through SLF4J and keep only errors (it is chatty about every stream it opens)
        FFmpegLogCallback.setLevel(avutil.AV_LOG_ERROR);
        FFmpegLogCallback.set();
    }

    private final Path file;
    private final Pacer pacer;
    private volatile boolean rateChosen; // by ?fps= or setFps: then the file's own rate is not used
    private FFmpegFrameGrabber grabber;
    private int frameInLap;

    VideoReplay(SourceSpec spec) throws CaptureException {
        super(spec);
        this.file = spec.path().toAbsolutePath().normalize();
        OptionalDouble fps = spec.doubleParam("fps");
        this.rateChosen = fps.isPresent();
        this.pacer = new Pacer(fps.orElse(FALLBACK_FPS));
    }

    @Override
    public void open() throws CaptureException {
        close();
        if (!Files.isRegularFile(file)) {
            throw new CaptureException("The video file " + file + " is not there (moved, deleted or not mounted). "
                    + "Put it back or choose another source; Kensa keeps retrying.");
        }
        FFmpegFrameGrabber opened = new FFmpegFrameGrabber(file.toFile());
        opened.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        try {
            opened.start();
        } catch (Exception e) {
            release(opened);
            throw new CaptureException("Cannot open " + file + " as a video ("
                    + ffmpegMessage(e, "not a video file FFmpeg can read")
                    + "). Choose a video file such as mp4, avi, mkv or mov.", e);
        }
        if (!opened.hasVideo()) {
            release(opened);
            throw new CaptureException("The file " + file + " has no video stream.");
        }
        grabber = opened;
        frameInLap = 0;
        if (!rateChosen) {
            double fileFps = opened.getVideoFrameRate() > 0 ? opened.getVideoFrameRate() : opened.getFrameRate();
            pacer.setFps(fileFps > 0 && Double.isFinite(fileFps) ? fileFps : FALLBACK_FPS);
        }
        pacer.restart();
    }

    @Override
    public Frame grab() throws CaptureException {
        if (grabber == null) {
            throw new CaptureException("The video " + file + " is not open.");
        }
        try {
            org.bytedeco.javacv.Frame decoded = grabber.grabImage();
            if (decoded == null) {
                grabber.restart(); // end of file: loop from the start
                frameInLap = 0;
                decoded = grabber.grabImage();
                if (decoded == null) {
                    throw new CaptureException("The video file " + file + " has no frames to show.");
                }
            }
            var image = Images.fromBgr((ByteBuffer) decoded.image[0], decoded.imageWidth, decoded.imageHeight,
                    decoded.imageStride, decoded.imageChannels);
            frameInLap++;
            pacer.awaitNext();
            return frame(file.getFileName() + "#" + frameInLap, image);
        } catch (InterruptedException e) {
            throw interrupted();
        } catch (org.bytedeco.javacv.FrameGrabber.Exception e) {
            throw new CaptureException("Reading the video file " + file + " failed ("
                    + ffmpegMessage(e, "damaged video data")
                    + "). Check that the file is whole and readable; Kensa keeps retrying.", e);
        }
    }

    @Override
    public void setFps(double fps) {
        pacer.setFps(fps);
        rateChosen = true;
    }

    @Override
    public double fps() {
        return pacer.fps();
    }

    @Override
    public void close() {
        if (grabber != null) {
            release(grabber);
            grabber = null;
        }
    }

    private static void release(FFmpegFrameGrabber grabber) {
        try {
            grabber.close();
        } catch (Exception e) {
            // closing a half-opened grabber can fail; the native handle is gone either way
        }
    }

    /**
     * What FFmpeg said, in words: JavaCV's messages look like {@code avformat_open_input() error -1094995529: Could
     * not open input "x". (Has setFormat() been called?) (For more details, …)}. The function name, the error
     * number and JavaCV's programming hints mean nothing to an inspector; the number becomes FFmpeg's own text,
     * or {@code invalidData} for FFmpeg's "invalid data found when processing input".
     */
    static String ffmpegMessage(Exception e, String invalidData) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        Matcher error = FFMPEG_ERROR.matcher(message);
        if (error.find()) {
            int code = Integer.parseInt(error.group(1));
            if (code == avutil.AVERROR_INVALIDDATA()) {
                return invalidData;
            }
            String text = errorText(code);
            if (!text.isEmpty()) {
                return text;
            }
        }
        String cleaned = JAVACV_HINT.matcher(FFMPEG_ERROR.matcher(message).replaceAll("")).replaceAll("").strip();
        if (cleaned.endsWith(".")) {
            cleaned = cleaned.substring(0, cleaned.length() - 1);
        }
        return cleaned.isEmpty() ? "FFmpeg could not decode it" : cleaned;
    }

    /** FFmpeg's sentence for an error number, e.g. "Permission denied"; empty when it has none. */
    private static String errorText(int code) {
        try (BytePointer text = new BytePointer(256)) {
            if (avutil.av_strerror(code, text, 256) < 0) {
                return "";
            }
            byte[] bytes = new byte[256];
            text.get(bytes);
            int end = 0;
            while (end < bytes.length && bytes[end] != 0) {
                end++;
            }
            String s = new String(bytes, 0, end, StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? "" : Character.toLowerCase(s.charAt(0)) + s.substring(1);
        }
    }
}
