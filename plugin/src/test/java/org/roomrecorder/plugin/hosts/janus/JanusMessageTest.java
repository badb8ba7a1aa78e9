package org.roomrecorder.plugin.hosts.janus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.roomrecorder.plugin.logging.Slf4jContextLogger;

@DisplayName("A message from Janus")
class JanusMessageTest {
    private static JanusMessage parse(String json) {
        return JanusMessage.of(JanusJson.parse(json));
    }

    @Test
    @DisplayName("reads the ids of create and attach replies as unsigned 64-bit numbers")
    void ids() {
        assertEquals(4549022167788246L, parse("{\"janus\":\"success\",\"transaction\":\"t1\","
                + "\"data\":{\"id\":4549022167788246}}").dataId());
        assertEquals(-1L, parse("{\"janus\":\"success\",\"data\":{\"id\":18446744073709551615}}").dataId());
        assertNull(parse("{\"janus\":\"success\",\"data\":{\"id\":18446744073709551616}}").dataId());
        assertNull(parse("{\"janus\":\"success\",\"data\":{\"id\":\"12\"}}").dataId());
        assertNull(parse("{\"janus\":\"event\",\"sender\":-5}").sender());
    }

    @Test
    @DisplayName("goes back to Janus with the same unsigned ids it came with")
    void unsignedIdsRoundTrip() {
        FakeJanus janus = new FakeJanus(new ArrayList<>(), -2);
        JanusSession session = JanusSession.create(janus, Slf4jContextLogger.create("test", Map.of())).join();
        session.keepalive().join();
        assertEquals("18446744073709551615", janus.sent("keepalive").get(0).get("session_id").toString());
    }

    @Test
    @DisplayName("finds the offer of an event, and nothing in an answer or a malformed jsep")
    void offers() {
        String event = "{\"janus\":\"event\",\"sender\":1,\"plugindata\":{\"plugin\":\"janus.plugin.videoroom\","
                + "\"data\":{\"videoroom\":\"attached\",\"room\":1234}},\"jsep\":%s}";
        assertEquals("v=0", parse(String.format(event, "{\"type\":\"offer\",\"sdp\":\"v=0\"}")).offerSdp());
        assertEquals("attached", parse(String.format(event, "{}")).videoroom());
        assertNull(parse(String.format(event, "{\"type\":\"answer\",\"sdp\":\"v=0\"}")).offerSdp());
        assertNull(parse(String.format(event, "{\"type\":\"offer\",\"sdp\":5}")).offerSdp());
        assertNull(parse(String.format(event, "\"offer\"")).offerSdp());
    }

    @Test
    @DisplayName("renders Janus's errors safe for a log line")
    void errors() {
        assertEquals("430 Invalid element type (room should be a string)", parse("{\"janus\":\"event\","
                + "\"plugindata\":{\"data\":{\"videoroom\":\"event\",\"error_code\":430,\"error\":"
                + "\"Invalid element type (room should be a string)\"}}}").pluginError());
        assertEquals("458 No such session ?[2J", parse("{\"janus\":\"error\",\"error\":{\"code\":458,"
                + "\"reason\":\"No such session \\u001b[2J\"}}").errorText());
        assertNull(parse("{\"janus\":\"event\",\"plugindata\":{\"data\":{\"videoroom\":\"joined\"}}}").pluginError());
    }

    @Test
    @DisplayName("is refused when it is no JSON object with a string 'janus'")
    void refused() {
        assertNull(JanusMessage.of(JanusJson.parse("[]")));
        assertNull(JanusMessage.of(JanusJson.parse("{\"janus\":1}")));
        assertNull(JanusMessage.of(JanusJson.parse("{not json")));
    }
}
