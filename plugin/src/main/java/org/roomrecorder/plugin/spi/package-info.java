/**
 * The host contract, in Jitsi's words: a <em>conference</em> is a room, an <em>endpoint</em> is a peer (its id is
 * the Jitsi endpoint id, the Janus publisher id, the VDO.Ninja UUID), a <em>source</em> is one published track.
 *
 * <p>A host adapter implements {@link org.roomrecorder.plugin.spi.ConferenceHostProvider} (found with
 * {@link java.util.ServiceLoader}) and nothing else of the plugin. It reports room events to a
 * {@link org.roomrecorder.plugin.spi.ConferenceListener}. When the core decides to record an endpoint it calls
 * {@link org.roomrecorder.plugin.spi.ConferenceHost#subscribe}, the "play" request. The adapter first binds the
 * keys under which the server will address that subscription's signaling
 * ({@link org.roomrecorder.plugin.spi.HostSignals#bind}), then asks the server for the stream, then hands every
 * offer and candidate to {@link org.roomrecorder.plugin.spi.HostSignals} by key. The core routes each by direct
 * lookup; a key it does not know is dropped and counted, never guessed. A subscription the server ends is reported
 * with {@link org.roomrecorder.plugin.spi.HostSignals#subscriptionEnded}; one lost with the server itself (a restart,
 * a broken connection) with {@link org.roomrecorder.plugin.spi.HostSignals#subscriptionLost}, so that the recording
 * resumes after a gap, in the same generation, when the endpoint is reported publishing again.
 */
package org.roomrecorder.plugin.spi;
