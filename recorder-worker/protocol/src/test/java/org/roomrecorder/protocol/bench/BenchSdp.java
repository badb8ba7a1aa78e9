package org.roomrecorder.protocol.bench;

/** A synthetic offer of the size and shape a browser sends (audio + video, many codecs): about 5 KB. */
final class BenchSdp {
    private BenchSdp() {
    }

    static String chromeLikeOffer() {
        StringBuilder sdp = new StringBuilder("v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                + "a=group:BUNDLE 0 1\r\na=extmap-allow-mixed\r\na=msid-semantic: WMS\r\n");
        sdp.append("m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126\r\nc=IN IP4 0.0.0.0\r\n")
                .append("a=ice-ufrag:sXHD\r\na=ice-pwd:9fYzA9Qk3u2h7TnPz1mX0Lq4\r\na=ice-options:trickle\r\n")
                .append("a=fingerprint:sha-256 3B:5C:AE:29:6A:1F:0D:9E:44:21:8B:7C:36:90:E5:12:F0:A8:63:1D:77:4E:B2:C9:05:DA:3E:81:6F:92:17:40\r\n")
                .append("a=setup:actpass\r\na=mid:0\r\na=sendonly\r\na=rtcp-mux\r\n")
                .append("a=rtpmap:111 opus/48000/2\r\na=rtcp-fb:111 transport-cc\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n");
        sdp.append("m=video 9 UDP/TLS/RTP/SAVPF");
        for (int pt = 96; pt < 128; pt++) {
            sdp.append(' ').append(pt);
        }
        sdp.append("\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\na=sendonly\r\na=rtcp-mux\r\na=rtcp-rsize\r\n");
        for (int pt = 96; pt < 128; pt += 2) {
            sdp.append("a=rtpmap:").append(pt).append(pt % 4 == 0 ? " VP8/90000" : " H264/90000").append("\r\n")
                    .append("a=rtcp-fb:").append(pt).append(" goog-remb\r\na=rtcp-fb:").append(pt).append(" transport-cc\r\n")
                    .append("a=rtcp-fb:").append(pt).append(" ccm fir\r\na=rtcp-fb:").append(pt).append(" nack pli\r\n")
                    .append("a=rtpmap:").append(pt + 1).append(" rtx/90000\r\na=fmtp:").append(pt + 1).append(" apt=")
                    .append(pt).append("\r\n");
        }
        return sdp.toString();
    }
}
