package org.roomrecorder.plugin.core;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jitsi.utils.MediaType;
import org.jitsi.utils.logging2.Logger;
import org.roomrecorder.plugin.logging.LogContexts;
import org.roomrecorder.plugin.spi.EndpointInfo;
import org.roomrecorder.plugin.spi.MediaSource;
import org.roomrecorder.protocol.Gap;
import org.roomrecorder.protocol.Limits;
import org.roomrecorder.protocol.Text;

/**
 * What the core knows of one endpoint: whether it is present, what it publishes, and its current recording session.
 * Turns host events into sessions: sources the rules want start a generation; their removal or the endpoint's
 * departure ends it; the same again later starts the next generation, unless the host lost its server meanwhile and
 * the endpoint is back within the resume window: then the interrupted generation continues after a gap. An event that
 * changes nothing is a duplicate (Janus reports {@code unpublished} twice). Every method runs on this endpoint's
 * serial executor.
 */
final class EndpointRecorder {
    /** The close reason of a session lost with the host's server, and the reason of the gap its successor reports. */
    private static final String HOST_LOST = "host-lost";

    private final CoreContext ctx;
    private final EndpointKey key;
    private final SerialExecutor executor = new SerialExecutor();
    /** Host events queued for this recorder and not yet started; changed only inside the route table's compute. */
    private final AtomicInteger pendingEvents = new AtomicInteger();
    private final Logger log;
    private final Map<String, MediaSource> sources = new LinkedHashMap<>();
    private EndpointInfo info;
    private boolean present;
    private RecordingSession current;

    EndpointRecorder(CoreContext ctx, EndpointKey key, Logger parent) {
        this.ctx = requireNonNull(ctx, "ctx is null");
        this.key = requireNonNull(key, "key is null");
        this.log = parent.createChildLogger(EndpointRecorder.class.getName(), LogContexts.of(
                LogContexts.CONF_ID, key.conference().value(), LogContexts.EP_ID, key.endpoint().value()));
        this.info = new EndpointInfo(key.endpoint().value(), null);
    }

    EndpointKey key() {
        return key;
    }

    SerialExecutor executor() {
        return executor;
    }

    Logger log() {
        return log;
    }

    void execute(Runnable task) {
        executor.execute(task);
    }

    /** Queues a host event; the route table calls it while it holds the endpoint's entry, then drains. */
    void enqueueEvent(Consumer<EndpointRecorder> event) {
        pendingEvents.incrementAndGet();
        executor.enqueue(() -> {
            pendingEvents.decrementAndGet();
            event.accept(this);
        });
    }

    boolean hasPendingEvents() {
        return pendingEvents.get() > 0;
    }

    /** Nothing to record and nothing to remember: the route table may drop this recorder. */
    boolean isIdle() {
        return !present && current == null && sources.isEmpty();
    }

    // ---------------------------------------------------------------- host events

    void joined(EndpointInfo joinedInfo) {
        EndpointInfo bounded = bounded(joinedInfo);
        if (present && bounded.equals(info)) {
            duplicate("endpoint-joined");
            return;
        }
        present = true;
        info = bounded;
        log.info(() -> "joined as stream " + Text.printable(info.streamId())
                + (info.displayName() == null ? "" : " (" + Text.printable(info.displayName()) + ")"));
    }

    void sourcesAdded(List<MediaSource> added) {
        present = true;
        boolean changed = false;
        for (MediaSource source : added) {
            changed |= !source.equals(sources.put(source.name(), source));
        }
        Set<MediaType> wanted = ctx.rules().mediaToRecord(sources.values());
        if (current != null) {
            if (current.media().containsAll(wanted)) {
                if (!changed) {
                    duplicate("sources-added");
                }
                return;
            }
            log.info(() -> "now publishes " + wanted + " and the session records " + current.media()
                    + ": the next generation records all of it");
            endCurrent("media-changed");
        }
        if (wanted.isEmpty()) {
            log.debug("publishes nothing the record rules want");
            return;
        }
        startNextSession(wanted);
    }

    void sourcesRemoved(List<MediaSource> removed) {
        boolean changed = false;
        for (MediaSource source : removed) {
            changed |= sources.remove(source.name()) != null;
        }
        if (current != null) {
            Set<MediaType> stillRecorded = ctx.rules().mediaToRecord(sources.values());
            stillRecorded.retainAll(current.media());
            if (stillRecorded.isEmpty()) {
                endCurrent("unpublished");
            }
        } else if (!changed) {
            duplicate("sources-removed");
        }
        ctx.routes().forgetIfIdle(this);
    }

    void left() {
        if (isIdle()) {
            duplicate("endpoint-left");
        } else {
            present = false;
            sources.clear();
            endCurrent("endpoint-left");
            log.info("left");
        }
        ctx.routes().forgetIfIdle(this);
    }

    /** The plugin shuts down: end the recording as if the endpoint had left. */
    void shutdown() {
        present = false;
        sources.clear();
        endCurrent("plugin-shutdown");
        ctx.routes().forgetIfIdle(this);
    }

    // ---------------------------------------------------------------- sessions

    /** Continues the generation the host's loss interrupted, if that was recent enough; else starts the next one. */
    private void startNextSession(Set<MediaType> media) {
        Interruption interrupted = ctx.routes().takeInterruption(key);
        Instant now = ctx.clock().instant();
        if (interrupted != null && now.isBefore(interrupted.lostAt().plus(ctx.config().resumeWindow()))) {
            log.info(() -> "publishes again after the host's loss: generation " + interrupted.generation()
                    + " continues from segment " + interrupted.nextSegment() + " after the gap since "
                    + interrupted.lostAt());
            startSession(interrupted.generation(), interrupted.nextSegment(), new Gap(interrupted.lostAt(), HOST_LOST),
                    media);
            return;
        }
        if (interrupted != null) {
            log.info(() -> "publishes again later than the resume window after the host's loss at "
                    + interrupted.lostAt() + ": a new generation");
        }
        startSession(ctx.routes().nextGeneration(key), 0, null, media);
    }

    private void startSession(int generation, int firstSegment, Gap gap, Set<MediaType> media) {
        current = new RecordingSession(ctx, this, info, generation, firstSegment, gap, media);
        current.start();
    }

    private void endCurrent(String reason) {
        RecordingSession ending = current;
        current = null;
        if (ending != null) {
            ending.end(reason);
        }
    }

    /** The session ended on its own (the worker closed it or refused it; no worker took it). */
    void sessionEnded(RecordingSession session) {
        if (current == session) {
            current = null;
            ctx.routes().forgetIfIdle(this);
        }
    }

    /** The session cannot go on (its queue overflowed, the host dropped it): end it. */
    void sessionFailed(RecordingSession session, String reason) {
        if (current == session) {
            current = null;
        }
        session.end(reason);
        ctx.routes().forgetIfIdle(this);
    }

    /**
     * The host lost its server, and the session's subscription with it. End the session and remember where its
     * recording stopped, in the route table, which outlives this recorder if the host reports the endpoint gone before
     * it reports it back; the endpoint's next session continues from there if it comes within the resume window.
     */
    void sessionLost(RecordingSession lost) {
        if (current == lost) {
            current = null;
            if (!ctx.config().resumeWindow().isZero()) {
                Instant lostAt = ctx.clock().instant();
                int nextSegment = SegmentCounter.next(lost.firstSegment(), lost.openedAt(), lostAt,
                        ctx.rules().segmentSeconds());
                ctx.routes().interrupted(key, new Interruption(lost.generation(), nextSegment, lostAt));
            }
        }
        lost.end(HOST_LOST);
        ctx.routes().forgetIfIdle(this);
    }

    /**
     * The session's worker was lost: the WebRTC connection died with it. Continue the same generation in a new
     * session on another worker, with a new subscription, numbering segments on and reporting the gap.
     */
    void replaceLost(RecordingSession lost, Instant lostAt, String reason) {
        int nextSegment = SegmentCounter.next(lost.firstSegment(), lost.openedAt(), lostAt,
                ctx.rules().segmentSeconds());
        lost.abandon(reason);
        if (current != lost) {
            return;
        }
        ctx.metrics().sessionReplaced();
        log.warn("its worker was lost; generation " + lost.generation() + " continues in a new session from segment "
                + nextSegment);
        startSession(lost.generation(), nextSegment, new Gap(lostAt, "worker-lost"), lost.media());
    }

    private void duplicate(String event) {
        ctx.metrics().duplicateEvent(event);
        log.debug(() -> "duplicate " + event + " ignored");
    }

    /** Stream ids and names come from remote peers; cut them to what the protocol carries. */
    private static EndpointInfo bounded(EndpointInfo info) {
        return new EndpointInfo(cut(info.streamId()), info.displayName() == null ? null : cut(info.displayName()));
    }

    private static String cut(String text) {
        return text.length() <= Limits.MAX_ID_CHARS ? text : text.substring(0, Limits.MAX_ID_CHARS);
    }
}
