package io.kensa.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoReplayTest {
    private static final int FRAMES = 8;

    @TempDir
    Path dir;

    @Test
    void replaysLosslessVideoFrameByFrameAndLoops() throws Exception {
        List<BufferedImage> originals = originals();
        Path video = record(dir.resolve("line.avi"), avcodec.AV_CODEC_ID_PNG, avutil.AV_PIX_FMT_RGB24, originals);
        try (FrameSource source = FrameSources.create("video:" + video + "?fps=0")) {
            source.open();
            for (int i = 0; i < FRAMES; i++) {
                Frame frame = source.grab();
                assertEquals("line.avi#" + (i + 1), frame.origin());
                assertArrayEquals(pixels(originals.get(i)), pixels(frame.image()), "frame " + (i + 1));
            }
            Frame looped = source.grab();
            assertEquals("line.avi#1", looped.origin());
            assertEquals(FRAMES + 1, looped.sequence());
            assertArrayEquals(pixels(originals.get(0)), pixels(looped.image()));
        }
    }

    @Test
    void replaysMpeg4AtTheFilesFrameRate() throws Exception {
        Path video = record(dir.resolve("line.mp4"), avcodec.AV_CODEC_ID_MPEG4, avutil.AV_PIX_FMT_YUV420P, originals());
        try (FrameSource source = FrameSources.create("video:" + video)) {
            source.open();
            assertEquals(15.0, ((Replay) source).fps(), 0.01);
            List<String> origins = new ArrayList<>();
            for (int i = 0; i <= FRAMES; i++) {
                Frame frame = source.grab();
                assertEquals(320, frame.width());
                assertEquals(320, frame.height());
                origins.add(frame.origin());
            }
            assertEquals("line.mp4#" + FRAMES, origins.get(FRAMES - 1));
            assertEquals("line.mp4#1", origins.get(FRAMES));
        }
        try (FrameSource source = FrameSources.create("video:" + video + "?fps=4")) {
            source.open();
            assertEquals(4.0, ((Replay) source).fps(), 0.01);
        }
    }

    @Test
    void missingOrBrokenVideoIsAClearError() throws Exception {
        Path missing = dir.resolve("gone.mp4");
        CaptureException gone = assertThrows(CaptureException.class, () -> open("video:" + missing));
        assertEquals("The video file " + missing + " is not there (moved, deleted or not mounted). "
                + "Put it back or choose another source; Kensa keeps retrying.", gone.getMessage());

        Path broken = Files.write(dir.resolve("broken.mp4"), "this is not a video".getBytes());
        CaptureException bad = assertThrows(CaptureException.class, () -> open("video:" + broken));
        assertEquals("Cannot open " + broken + " as a video (not a video file FFmpeg can read). "
                + "Choose a video file such as mp4, avi, mkv or mov.", bad.getMessage());
    }

    @Test
    void ffmpegErrorsReadAsWordsWithoutNumbersOrJavaCvHints() {
        // JavaCV's messages as they come: a C function, FFmpeg's error number, two hints for programmers
        Exception invalid = new Exception("avformat_open_input() error -1094995529: Could not open input \"/etc/passwd\". "
                + "(Has setFormat() been called?) (For more details, make sure FFmpegLogCallback.set() has been called.)");
        assertEquals("not a video file FFmpeg can read", VideoReplay.ffmpegMessage(invalid, "not a video file FFmpeg can read"));
        Exception denied = new Exception("avformat_open_input() error -13: Could not open input \"/root/x.mp4\". "
                + "(Has setFormat() been called?) (For more details, make sure FFmpegLogCallback.set() has been called.)");
        assertEquals("permission denied", VideoReplay.ffmpegMessage(denied, "?"));
        Exception plain = new Exception("Could not find a video stream. (For more details, make sure FFmpegLogCallback.set() has been called.)");
        assertEquals("Could not find a video stream", VideoReplay.ffmpegMessage(plain, "?"));
    }

    private static void open(String spec) throws CaptureException {
        try (FrameSource source = FrameSources.create(spec)) {
            source.open();
        }
    }

    private static List<BufferedImage> originals() throws Exception {
        List<BufferedImage> images = new ArrayList<>();
        for (Path file : DemoImages.good(FRAMES)) {
            images.add(ImageIO.read(file.toFile()));
        }
        return images;
    }

    /** Writes the images as a 15 fps video with JavaCV, the way a camera recording would be made. */
    private static Path record(Path file, int codec, int pixelFormat, List<BufferedImage> images) throws Exception {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), 320, 320);
             Java2DFrameConverter converter = new Java2DFrameConverter()) {
            recorder.setVideoCodec(codec);
            recorder.setPixelFormat(pixelFormat);
            recorder.setFrameRate(15);
            recorder.setVideoQuality(2);
            recorder.start();
            for (BufferedImage image : images) {
                recorder.record(converter.convert(image));
            }
            recorder.stop();
        }
        return file;
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
