package org.roomrecorder.worker.webrtc;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCBundlePolicy;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one webrtc-java factory of the worker, shared by every session. The order matters (webrtc-java.md Q1):
 * a headless audio device module, the factory on it, then playout, or remote audio never reaches the sinks; a
 * factory without an audio module aborts the JVM. All sessions' audio sinks run on this module's one thread.
 */
public final class WebRtcEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebRtcEngine.class);

    private final HeadlessAudioDeviceModule audioModule;
    private final PeerConnectionFactory factory;
    private final WebRtcConfig config;

    public WebRtcEngine(WebRtcConfig config) {
        this.config = config;
        this.audioModule = new HeadlessAudioDeviceModule();
        this.factory = new PeerConnectionFactory(audioModule);
        audioModule.initPlayout();
        audioModule.startPlayout();
        log.info("webrtc-java ready (ports {}, {} ICE servers)",
                config.minPort() == 0 ? "any" : config.minPort() + "-" + config.maxPort(), config.iceServers().size());
    }

    RTCPeerConnection createPeerConnection(PeerConnectionObserver observer) {
        RTCConfiguration configuration = new RTCConfiguration();
        configuration.bundlePolicy = RTCBundlePolicy.MAX_BUNDLE;
        if (config.minPort() > 0) {
            configuration.portAllocatorConfig.minPort = config.minPort();
            configuration.portAllocatorConfig.maxPort = config.maxPort();
        }
        configuration.portAllocatorConfig.setDisableTcp(!config.tcp());
        for (String url : config.iceServers()) {
            RTCIceServer server = new RTCIceServer();
            server.urls = List.of(url);
            configuration.iceServers.add(server);
        }
        return factory.createPeerConnection(configuration, observer);
    }

    /** Disposes the factory and the audio module; webrtc-java's native threads would otherwise keep the JVM alive. */
    @Override
    public void close() {
        WebRtc.quietly("dispose the peer connection factory", factory::dispose);
        WebRtc.quietly("stop playout", audioModule::stopPlayout);
        WebRtc.quietly("dispose the audio module", audioModule::dispose);
    }
}
