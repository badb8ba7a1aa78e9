package org.roomrecorder.worker.media;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.roomrecorder.protocol.RecordingOptions;

/**
 * How one segment's FFmpeg child is started: raw I420 video and PCM, each from its own FIFO, encoded to VP8 or
 * H.264 and Opus, muxed to Matroska or WebM with a cluster closed at least every second and every packet flushed, so
 * a killed worker leaves a file that plays up to its last second.
 */
record EncoderSettings(String ffmpeg, RecordingOptions options, Geometry geometry) {

    boolean hasVideo() {
        return options.video();
    }

    boolean hasAudio() {
        return options.audio();
    }

    String extension() {
        return options.container() == RecordingOptions.Container.WEBM ? "webm" : "mkv";
    }

    String videoCodecOut() {
        return options.videoCodec() == RecordingOptions.VideoCodec.H264 ? "h264" : "vp8";
    }

    /** @param videoInput what FFmpeg reads the video from, null without video; {@code audioInput} likewise for audio */
    List<String> command(String videoInput, String audioInput, String output) {
        List<String> cmd = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-nostdin", "-nostats",
                "-loglevel", "warning", "-y"));
        int input = 0;
        int videoIndex = -1;
        int audioIndex = -1;
        if (hasVideo()) {
            cmd.addAll(List.of("-f", "rawvideo", "-pix_fmt", "yuv420p", "-video_size", geometry.toString(),
                    "-framerate", String.valueOf(options.frameRate()), "-thread_queue_size", "512",
                    "-i", videoInput));
            videoIndex = input++;
        }
        if (hasAudio()) {
            // A layout, not just a channel count: given only the count, FFmpeg guesses one and warns in every file.
            cmd.addAll(List.of("-f", "s16le", "-ar", String.valueOf(AudioClock.SAMPLE_RATE), "-ch_layout", "mono",
                    "-thread_queue_size", "512", "-i", audioInput));
            audioIndex = input;
        }
        if (videoIndex >= 0) {
            cmd.addAll(List.of("-map", videoIndex + ":v"));
            cmd.addAll(videoCodecArguments());
        }
        if (audioIndex >= 0) {
            cmd.addAll(List.of("-map", audioIndex + ":a", "-c:a", "libopus", "-b:a", "64k"));
        }
        cmd.addAll(List.of("-f", options.container() == RecordingOptions.Container.WEBM ? "webm" : "matroska",
                "-cluster_time_limit", "1000", "-flush_packets", "1", output));
        return cmd;
    }

    private List<String> videoCodecArguments() {
        String bitrate = options.videoBitrateKbps() + "k";
        String keyframeInterval = String.valueOf(options.frameRate() * 2);
        if (options.videoCodec() == RecordingOptions.VideoCodec.H264) {
            return List.of("-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-b:v", bitrate,
                    "-maxrate", bitrate, "-bufsize", options.videoBitrateKbps() * 2 + "k", "-g", keyframeInterval,
                    "-threads", "1", "-pix_fmt", "yuv420p");
        }
        // Realtime VP8 on one thread: many sessions share the cores better than a few with many threads each.
        // cpu-used 16 is libvpx's fastest: it halves the encoder's CPU against 8 at the same bitrate. A static
        // threshold of 100 (a block's summed difference) skips only blocks that barely changed: a still background
        // costs less than half, a picture in motion as much as without (BENCHMARKS.md).
        return List.of("-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "16", "-static-thresh", "100",
                "-b:v", bitrate, "-g", keyframeInterval, "-auto-alt-ref", "0", "-lag-in-frames", "0",
                "-threads", "1", "-error-resilient", "1");
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %s@%d %s/opus", extension(), geometry, options.frameRate(), videoCodecOut());
    }
}
