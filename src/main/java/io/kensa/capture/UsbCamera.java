package io.kensa.capture;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.global.opencv_videoio;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_videoio.VideoCapture;

/**
 * {@code usb:INDEX} or {@code usb:/dev/videoN}: a USB/UVC camera through OpenCV's video I/O (V4L2 on Linux, the
 * platform's own backend elsewhere). OpenCV rather than FFmpeg's v4l2 input because FFmpeg's device library needs
 * PulseAudio installed, and OpenCV fails at once on a missing device. Width, height and fps are requested; the
 * camera keeps its own mode when it does not offer them and a warning says what it gives instead. Owns one
 * {@link VideoCapture} and one {@link Mat}, used only from the capture thread.
 */
final class UsbCamera extends BaseSource {
    private static final boolean LINUX = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    private static final Pattern VIDEO_NODE = Pattern.compile("/dev/video(\\d+)");

    private final String target;
    private final OptionalInt width;
    private final OptionalInt height;
    private final OptionalDouble fps;
    private VideoCapture capture;
    private Mat mat;
    private String description;

    UsbCamera(SourceSpec spec) throws CaptureException {
        super(spec);
        this.target = spec.target();
        this.width = spec.intParam("width");
        this.height = spec.intParam("height");
        this.fps = spec.doubleParam("fps");
        this.description = "camera " + spec.text();
    }

    @Override
    public void open() throws CaptureException {
        close();
        VideoCapture opened = LINUX ? openLinux() : openByIndex();
        if (!opened.isOpened()) {
            release(opened);
            throw new CaptureException("The " + description + " did not open: another program may be using it, or it "
                    + "is not a video capture device. Close other camera programs or choose another source; Kensa keeps retrying.");
        }
        width.ifPresent(w -> opened.set(opencv_videoio.CAP_PROP_FRAME_WIDTH, w));
        height.ifPresent(h -> opened.set(opencv_videoio.CAP_PROP_FRAME_HEIGHT, h));
        fps.ifPresent(f -> opened.set(opencv_videoio.CAP_PROP_FPS, f));
        capture = opened;
        mat = new Mat();
        reportModeIfNotAsRequested();
    }

    private VideoCapture openLinux() throws CaptureException {
        Path device = target.startsWith("/") ? Path.of(target) : Path.of("/dev/video" + target);
        description = "camera " + device + " (" + spec.text() + ")";
        if (!Files.exists(device)) {
            throw new CaptureException("No camera at " + device + " (" + spec.text() + "). Plug the camera in or choose "
                    + "another one; Kensa keeps retrying.");
        }
        if (!Files.isReadable(device)) {
            throw new CaptureException("No permission to open the camera " + device + ". Add your user to the 'video' "
                    + "group (sudo usermod -aG video $USER) and log in again.");
        }
        Path real;
        try {
            real = device.toRealPath(); // /dev/v4l/by-id/… links name the same node across replugs
        } catch (java.io.IOException e) {
            throw new CaptureException("Cannot resolve the camera device " + device + ": " + e.getMessage(), e);
        }
        Matcher node = VIDEO_NODE.matcher(real.toString());
        return node.matches()
                ? new VideoCapture(Integer.parseInt(node.group(1)), opencv_videoio.CAP_V4L2)
                : new VideoCapture(real.toString(), opencv_videoio.CAP_V4L2);
    }

    private VideoCapture openByIndex() throws CaptureException {
        if (target.startsWith("/")) {
            throw new CaptureException("'" + spec.text() + "': device paths work on Linux only; write usb:INDEX "
                    + "(usb:0 is the first camera).");
        }
        return new VideoCapture(Integer.parseInt(target), opencv_videoio.CAP_ANY);
    }

    private void reportModeIfNotAsRequested() {
        int w = (int) capture.get(opencv_videoio.CAP_PROP_FRAME_WIDTH);
        int h = (int) capture.get(opencv_videoio.CAP_PROP_FRAME_HEIGHT);
        double f = capture.get(opencv_videoio.CAP_PROP_FPS);
        boolean sizeDiffers = width.isPresent() && width.getAsInt() != w || height.isPresent() && height.getAsInt() != h;
        boolean rateDiffers = fps.isPresent() && Math.abs(fps.getAsDouble() - f) > 0.5;
        if (sizeDiffers || rateDiffers) {
            warn(String.format(Locale.ROOT, "The %s gives %d×%d at %.0f fps; it does not offer the requested %s×%s at %s fps.",
                    description, w, h, f, width.isPresent() ? width.getAsInt() : w, height.isPresent() ? height.getAsInt() : h,
                    fps.isPresent() ? String.format(Locale.ROOT, "%.0f", fps.getAsDouble()) : String.format(Locale.ROOT, "%.0f", f)));
        }
    }

    @Override
    public Frame grab() throws CaptureException {
        if (capture == null) {
            throw new CaptureException("The " + description + " is not open.");
        }
        if (!capture.read(mat) || mat.empty()) {
            throw new CaptureException("The " + description + " stopped delivering frames (unplugged, or taken by "
                    + "another program). Kensa keeps retrying.");
        }
        if (mat.depth() != opencv_core.CV_8U) {
            throw new CaptureException("The " + description + " delivers " + mat.depth()
                    + "-depth pixels; Kensa reads 8-bit cameras only.");
        }
        if (mat.channels() == 4) {
            opencv_imgproc.cvtColor(mat, mat, opencv_imgproc.COLOR_BGRA2BGR);
        }
        BufferedImage image = Images.fromBgr(mat.data().capacity((long) mat.rows() * mat.step()).asByteBuffer(),
                mat.cols(), mat.rows(), (int) mat.step(), mat.channels());
        return frame(target, image);
    }

    @Override
    public void close() {
        if (capture != null) {
            release(capture);
            capture = null;
        }
        if (mat != null) {
            mat.close();
            mat = null;
        }
    }

    private static void release(VideoCapture capture) {
        capture.release();
        capture.close();
    }
}
