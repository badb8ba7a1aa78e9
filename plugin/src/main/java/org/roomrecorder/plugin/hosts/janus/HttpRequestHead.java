package org.roomrecorder.plugin.hosts.janus;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * The request line and headers of one HTTP/1.x request, read strictly and within fixed bounds, since anyone who can
 * reach the listener can send anything: only what a POST of Janus's event handler (libcurl) needs is kept. A head
 * that breaks the grammar or the bounds is an {@link HttpRefusal}; the connection's framing is lost after it.
 *
 * @param method        the request method, as sent
 * @param path          the target's path, without a query
 * @param contentLength the body's length from {@code Content-Length}, or -1 when there is none
 * @param chunked       whether the body has a {@code Transfer-Encoding} (which the listener does not take)
 * @param expectContinue whether the client waits for {@code 100 Continue} before the body (libcurl does for large
 *                      bodies)
 * @param keepAlive     whether the connection may serve another request after this one
 */
record HttpRequestHead(String method, String path, long contentLength, boolean chunked, boolean expectContinue,
        boolean keepAlive) {
    /** Request line and headers together; libcurl's head for a post is a few hundred bytes. */
    static final int MAX_HEAD_BYTES = 16 * 1024;
    static final int MAX_HEADERS = 100;

    /**
     * Reads one head.
     *
     * @return null if the connection ended cleanly before a new request began
     * @throws HttpRefusal  the head is malformed or too large
     * @throws IOException  the connection failed or ended inside the head
     */
    static HttpRequestHead read(InputStream in) throws IOException, HttpRefusal {
        int[] budget = {MAX_HEAD_BYTES};
        String requestLine = line(in, budget, true);
        if (requestLine == null) {
            return null;
        }
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || !token(parts[0]) || !parts[1].startsWith("/")
                || !parts[2].matches("HTTP/1\\.[01]")) {
            throw new HttpRefusal(400, "a malformed request line");
        }
        boolean http11 = parts[2].equals("HTTP/1.1");
        long contentLength = -1;
        boolean chunked = false;
        boolean expectContinue = false;
        String connection = "";
        for (int count = 0;; count++) {
            String header = line(in, budget, false);
            if (header.isEmpty()) {
                break;
            }
            if (count == MAX_HEADERS) {
                throw new HttpRefusal(431, "more than " + MAX_HEADERS + " header fields");
            }
            int colon = header.indexOf(':');
            if (colon <= 0 || !token(header.substring(0, colon))) {
                throw new HttpRefusal(400, "a malformed header field");
            }
            String name = header.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> {
                    if (contentLength >= 0 || !value.matches("[0-9]{1,15}")) {
                        throw new HttpRefusal(400, "a missing, repeated or malformed Content-Length");
                    }
                    contentLength = Long.parseLong(value);
                }
                case "transfer-encoding" -> chunked = true;
                case "expect" -> expectContinue = value.equalsIgnoreCase("100-continue");
                case "connection" -> connection = value.toLowerCase(Locale.ROOT);
                default -> {
                    // Every other field is irrelevant to a post of events.
                }
            }
        }
        String target = parts[1];
        int query = target.indexOf('?');
        boolean keepAlive = http11 ? !connection.contains("close") : connection.contains("keep-alive");
        return new HttpRequestHead(parts[0], query < 0 ? target : target.substring(0, query), contentLength, chunked,
                expectContinue, keepAlive);
    }

    /**
     * One line up to LF (a preceding CR dropped), as ISO-8859-1, within the head's remaining budget.
     *
     * @param first whether a clean end of the stream before any byte means "no further request" (null)
     */
    private static String line(InputStream in, int[] budget, boolean first) throws IOException, HttpRefusal {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (first && line.length() == 0) {
                    return null;
                }
                throw new EOFException("the connection ended inside a request head");
            }
            if (--budget[0] < 0) {
                throw new HttpRefusal(431, "a request head longer than " + MAX_HEAD_BYTES + " bytes");
            }
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (b == 0) {
                throw new HttpRefusal(400, "a NUL byte in the request head");
            }
            line.append((char) b);
        }
    }

    /** An RFC 9110 token: visible ASCII without separators, as a method or a field name must be. */
    private static boolean token(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c >= 127 || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** A request refused with an HTTP status; its reason is fit for a log line and names no remote text. */
    static final class HttpRefusal extends Exception {
        private final int status;

        HttpRefusal(int status, String reason) {
            super(reason, null, false, false);
            this.status = status;
        }

        int status() {
            return status;
        }
    }
}
