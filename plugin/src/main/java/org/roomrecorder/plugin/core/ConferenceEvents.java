package org.roomrecorder.plugin.core;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.function.BooleanSupplier;
import org.jitsi.utils.logging2.Logger;
import org.roomrecorder.plugin.logging.LogContexts;
import org.roomrecorder.plugin.spi.ConferenceId;
import org.roomrecorder.plugin.spi.ConferenceListener;
import org.roomrecorder.plugin.spi.EndpointId;
import org.roomrecorder.plugin.spi.EndpointInfo;
import org.roomrecorder.plugin.spi.MediaSource;

/**
 * Room events from the host, each handed to its endpoint's recorder by direct lookup. Endpoints the record rules
 * exclude never get a recorder. Removal events for an endpoint without a recorder are duplicates.
 */
final class ConferenceEvents implements ConferenceListener {
    private final CoreContext ctx;
    private final Logger log;
    private final BooleanSupplier closing;

    ConferenceEvents(CoreContext ctx, Logger log, BooleanSupplier closing) {
        this.ctx = requireNonNull(ctx, "ctx is null");
        this.log = requireNonNull(log, "log is null");
        this.closing = requireNonNull(closing, "closing is null");
    }

    @Override
    public void endpointJoined(ConferenceId conference, EndpointId endpoint, EndpointInfo info) {
        requireNonNull(info, "info is null");
        if (wanted(conference, endpoint, "endpoint-joined")) {
            ctx.routes().dispatch(new EndpointKey(conference, endpoint), this::recorder, r -> r.joined(info));
        }
    }

    @Override
    public void sourcesAdded(ConferenceId conference, EndpointId endpoint, List<MediaSource> sources) {
        List<MediaSource> added = List.copyOf(sources);
        if (wanted(conference, endpoint, "sources-added")) {
            ctx.routes().dispatch(new EndpointKey(conference, endpoint), this::recorder, r -> r.sourcesAdded(added));
        }
    }

    @Override
    public void sourcesRemoved(ConferenceId conference, EndpointId endpoint, List<MediaSource> sources) {
        List<MediaSource> removed = List.copyOf(sources);
        if (wanted(conference, endpoint, "sources-removed") && !ctx.routes().dispatchIfPresent(
                new EndpointKey(conference, endpoint), r -> r.sourcesRemoved(removed))) {
            duplicate("sources-removed", conference, endpoint);
        }
    }

    @Override
    public void endpointLeft(ConferenceId conference, EndpointId endpoint) {
        if (wanted(conference, endpoint, "endpoint-left") && !ctx.routes().dispatchIfPresent(
                new EndpointKey(conference, endpoint), EndpointRecorder::left)) {
            duplicate("endpoint-left", conference, endpoint);
        }
    }

    private EndpointRecorder recorder(EndpointKey key) {
        return new EndpointRecorder(ctx, key, log);
    }

    private boolean wanted(ConferenceId conference, EndpointId endpoint, String event) {
        requireNonNull(conference, "conference is null");
        requireNonNull(endpoint, "endpoint is null");
        if (closing.getAsBoolean()) {
            context(conference, endpoint).debug(() -> event + " ignored: the plugin is shutting down");
            return false;
        }
        if (!ctx.rules().records(conference, endpoint)) {
            context(conference, endpoint).debug(() -> event + " ignored: the record rules exclude this endpoint");
            return false;
        }
        return true;
    }

    private void duplicate(String event, ConferenceId conference, EndpointId endpoint) {
        ctx.metrics().duplicateEvent(event);
        if (log.isDebugEnabled()) {
            context(conference, endpoint).debug(event + " for an endpoint with nothing recorded: duplicate, ignored");
        }
    }

    private Logger context(ConferenceId conference, EndpointId endpoint) {
        return log.createChildLogger(ConferenceEvents.class.getName(), LogContexts.of(
                LogContexts.CONF_ID, conference.value(), LogContexts.EP_ID, endpoint.value()));
    }
}
