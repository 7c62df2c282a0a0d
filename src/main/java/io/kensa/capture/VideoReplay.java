package io.kensa.capture;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegLogCallback;

/**
 * {@code video:PATH}: replays a video file with FFmpeg (JavaCV), looping, paced at the file's frame rate unless
 * {@code fps} overrides it. Owns one {@link FFmpegFrameGrabber}, used only from the capture thread.
 */
final class VideoReplay extends BaseSource implements Replay {
    private static final double FALLBACK_FPS = 25;

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
            throw new CaptureException("Cannot play the video file " + file + ": " + ffmpegMessage(e)
                    + ". Check that it is a video FFmpeg can read (mp4, avi, mkv, mov, …).", e);
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
            throw new CaptureException("Reading the video file " + file + " failed: " + ffmpegMessage(e) + ".", e);
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

    /** FFmpeg's message without JavaCV's hint about its log callback, which means nothing to an inspector. */
    static String ffmpegMessage(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s*\\(For more details, make sure FFmpegLogCallback.set\\(\\) has been called\\.\\)", "").strip();
    }
}
