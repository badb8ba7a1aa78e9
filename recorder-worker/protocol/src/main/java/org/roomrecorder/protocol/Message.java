package org.roomrecorder.protocol;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Every frame of the plugin-worker protocol carries one message; {@code type} names it on the wire.
 *
 * <ul>
 *   <li>{@link Control}: handshake, heartbeat and errors, handled by the transport.</li>
 *   <li>{@link ToWorker}: session requests from the plugin to the worker.</li>
 *   <li>{@link ToPlugin}: session replies and events from the worker to the plugin.</li>
 * </ul>
 *
 * Candidates and end-of-candidates flow both ways, so they belong to both directions.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public sealed interface Message permits Control, ToWorker, ToPlugin {
}
