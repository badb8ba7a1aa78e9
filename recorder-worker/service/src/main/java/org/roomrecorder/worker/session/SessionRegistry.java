package org.roomrecorder.worker.session;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.roomrecorder.protocol.Candidate;
import org.roomrecorder.protocol.Close;
import org.roomrecorder.protocol.EndOfCandidates;
import org.roomrecorder.protocol.ErrorCode;
import org.roomrecorder.protocol.ErrorMessage;
import org.roomrecorder.protocol.Message;
import org.roomrecorder.protocol.Offer;
import org.roomrecorder.protocol.Open;
import org.roomrecorder.protocol.Text;
import org.roomrecorder.protocol.ToWorker;
import org.roomrecorder.protocol.transport.Connection;
import org.roomrecorder.worker.manifest.ManifestStore;
import org.roomrecorder.worker.media.MediaEngine;
import org.roomrecorder.worker.webrtc.WebRtcEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's sessions by id, and the dispatch of the plugin's requests to them. A request for a session that
 * does not exist earns an {@code unknown-session} error; one bad session never affects another. A session
 * belongs to the connection that opened it: if that plugin goes away, the session keeps recording for the orphan
 * grace period, then ends with reason {@code plugin-lost}.
 */
public final class SessionRegistry {
    private static final Logger log = LoggerFactory.getLogger(SessionRegistry.class);

    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    private final SessionConfig config;
    private final WebRtcEngine webrtc;
    private final MediaEngine engine;
    private final ManifestStore manifests;
    private final GenerationNumbering numbering;
    private final ExecutorService pool;
    private final ScheduledExecutorService timers;
    private volatile boolean accepting = true;
    /** Counters of sessions that have ended, so that totals stay monotonic as sessions come and go. */
    private final java.util.concurrent.atomic.AtomicLongArray ended = new java.util.concurrent.atomic.AtomicLongArray(3);

    /**
     * A session, its executor and the connection it answers on (null while orphaned). The executor exists before
     * the session: creating the session is its first task, so every request queued behind it finds the session.
     */
    private static final class Entry {
        final SerialExecutor executor;
        final String logPrefix;
        volatile RecordingSession session;
        volatile Connection<ToWorker> connection;

        Entry(SerialExecutor executor, Connection<ToWorker> connection, String logPrefix) {
            this.executor = executor;
            this.connection = connection;
            this.logPrefix = logPrefix;
        }
    }

    public SessionRegistry(SessionConfig config, WebRtcEngine webrtc, MediaEngine engine, ManifestStore manifests,
            ExecutorService pool, ScheduledExecutorService timers) {
        this.config = config;
        this.webrtc = webrtc;
        this.engine = engine;
        this.manifests = manifests;
        this.numbering = new GenerationNumbering(manifests);
        this.pool = pool;
        this.timers = timers;
        long interval = config.statsInterval().toMillis();
        timers.scheduleAtFixedRate(this::tick, interval, interval, TimeUnit.MILLISECONDS);
    }

    public int size() {
        return sessions.size();
    }

    public int capacity() {
        return config.maxSessions();
    }

    /** Video frames received, written and dropped by every session since the worker started. */
    public long[] videoFrameTotals() {
        long[] totals = {ended.get(0), ended.get(1), ended.get(2)};
        for (Entry entry : sessions.values()) {
            RecordingSession session = entry.session;
            if (session != null) {
                long[] counters = session.videoCounters();
                for (int i = 0; i < 3; i++) {
                    totals[i] += counters[i];
                }
            }
        }
        return totals;
    }

    /** The largest encoder lag of any live session, in milliseconds. */
    public long maxEncoderLagMillis() {
        return sessions.values().stream().map(e -> e.session).filter(s -> s != null)
                .mapToLong(RecordingSession::encoderLagMillis).max().orElse(0);
    }

    private void ended(RecordingSession session) {
        long[] counters = session.videoCounters();
        sessions.remove(session.id());
        numbering.ended(session.id());
        for (int i = 0; i < 3; i++) {
            ended.addAndGet(i, counters[i]);
        }
    }

    public long recording() {
        return sessions.values().stream().filter(e -> e.session.isRecording()).count();
    }

    /** The handler for one plugin connection's requests. */
    public Connection.Listener<ToWorker> listenerFor(Connection<ToWorker> connection) {
        return new Connection.Listener<>() {
            @Override
            public void onMessage(Connection<ToWorker> c, ToWorker message) {
                message.accept(new Dispatch(c));
            }

            @Override
            public void onClosed(Connection<ToWorker> c, String reason) {
                orphan(c);
            }
        };
    }

    private final class Dispatch implements ToWorker.Handler {
        private final Connection<ToWorker> connection;

        Dispatch(Connection<ToWorker> connection) {
            this.connection = connection;
        }

        @Override
        public void open(Open m) {
            ErrorMessage refusal = refusal(m);
            if (refusal != null) {
                connection.send(refusal);
                return;
            }
            String prefix = "[confId=" + Text.printable(m.conference()) + " epId=" + Text.printable(m.endpoint())
                    + " sessionId=" + Text.printable(m.session()) + "] ";
            SessionFiles files = new SessionFiles(config.outputDirectory(), m,
                    m.options().container() == org.roomrecorder.protocol.RecordingOptions.Container.WEBM ? "webm" : "mkv");
            try {
                files.validateTemplate();
            } catch (IllegalArgumentException e) {
                connection.send(ErrorMessage.of(m.session(), ErrorCode.INVALID_VALUE, e.getMessage()));
                return;
            }
            SerialExecutor executor = new SerialExecutor(pool, prefix);
            Entry entry = new Entry(executor, connection, prefix);
            sessions.put(m.session(), entry);
            executor.execute(() -> {
                try {
                    Open recorded = numbering.number(m, files.conferenceDirectory(), prefix);
                    SessionFiles recordedFiles = recorded == m ? files
                            : new SessionFiles(config.outputDirectory(), recorded, files.extension());
                    entry.session = new RecordingSession(recorded, executor, config, timers, webrtc, engine,
                            new SessionManifest(manifests, recordedFiles, recorded, prefix), recordedFiles,
                            message -> send(entry, message), SessionRegistry.this::ended, prefix);
                } catch (RuntimeException | Error e) {
                    log.error("{}could not create the session", prefix, e);
                    sessions.remove(m.session());
                    numbering.ended(m.session());
                    send(entry, ErrorMessage.of(m.session(), ErrorCode.SESSION_FAILED, "could not create the session: " + e));
                }
            });
        }

        @Override
        public void offer(Offer m) {
            withSession(m, session -> session.offer(m.sdp()));
        }

        @Override
        public void candidate(Candidate m) {
            withSession(m, session -> session.candidate(m.candidate(), m.sdpMid(), m.sdpMLineIndex()));
        }

        @Override
        public void endOfCandidates(EndOfCandidates m) {
            withSession(m, session -> {
            });
        }

        @Override
        public void close(Close m) {
            withSession(m, session -> session.close(m.reason()));
        }

        private void withSession(ToWorker m, java.util.function.Consumer<RecordingSession> action) {
            Entry entry = sessions.get(m.session());
            if (entry == null) {
                connection.send(ErrorMessage.of(m.session(), ErrorCode.UNKNOWN_SESSION,
                        "no session " + Text.printable(m.session()) + " on this worker"));
                return;
            }
            entry.connection = connection;
            entry.executor.execute(() -> {
                if (entry.session != null) {
                    action.accept(entry.session);
                }
            });
        }

        /** Why {@code m} cannot be opened, or null if it can. */
        private ErrorMessage refusal(Open m) {
            if (sessions.containsKey(m.session())) {
                return ErrorMessage.of(m.session(), ErrorCode.DUPLICATE_SESSION,
                        "session " + Text.printable(m.session()) + " is already open");
            }
            if (!accepting) {
                return ErrorMessage.of(m.session(), ErrorCode.OVER_CAPACITY, "the worker is shutting down");
            }
            if (sessions.size() >= config.maxSessions()) {
                return ErrorMessage.of(m.session(), ErrorCode.OVER_CAPACITY,
                        "the worker is at its capacity of " + config.maxSessions() + " sessions");
            }
            return null;
        }
    }

    private void send(Entry entry, Message message) {
        Connection<ToWorker> connection = entry == null ? null : entry.connection;
        if (connection == null || !connection.send(message)) {
            log.debug("no plugin to receive a {} message", org.roomrecorder.protocol.MessageCodec.typeName(message));
        }
    }

    private void orphan(Connection<ToWorker> connection) {
        for (Entry entry : sessions.values()) {
            if (entry.connection != connection) {
                continue;
            }
            entry.connection = null;
            log.warn("{}the plugin disconnected; recording goes on for {} ms, then ends as plugin-lost",
                    entry.logPrefix, config.orphanGrace().toMillis());
            timers.schedule(() -> {
                if (entry.connection == null) {
                    entry.executor.execute(() -> {
                        if (entry.session != null) {
                            entry.session.close("plugin-lost");
                        }
                    });
                }
            }, config.orphanGrace().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void tick() {
        for (Entry entry : sessions.values()) {
            entry.executor.execute(() -> {
                if (entry.session != null) {
                    entry.session.tick();
                }
            });
        }
    }

    /**
     * Refuses new sessions and ends every one, finishing its files; waits at most {@code deadline}, then stops
     * what is left at once. Returns the number of sessions that did not finish in time.
     */
    public int closeAll(String reason, Duration deadline) {
        accepting = false;
        List<RecordingSession> live = sessions.values().stream().map(e -> e.session).filter(s -> s != null).toList();
        List<CompletableFuture<Void>> done = live.stream().map(s -> {
            CompletableFuture<Void> closed = new CompletableFuture<>();
            s.executor().execute(() -> s.close(reason).whenComplete((ok, error) -> closed.complete(null)));
            return closed;
        }).toList();
        try {
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new))
                    .get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            return 0;
        } catch (TimeoutException e) {
            live.forEach(RecordingSession::kill);
            return (int) done.stream().filter(f -> !f.isDone()).count();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            live.forEach(RecordingSession::kill);
            return live.size();
        } catch (java.util.concurrent.ExecutionException e) {
            return 0;
        }
    }
}
