package org.roomrecorder.protocol;

/**
 * Makes remote-controlled text safe for a log line or an error message: control characters (line breaks, escape
 * sequences, NUL) become {@code ?} and the text is cut to a bounded length.
 */
public final class Text {
    private static final int MAX_PRINTABLE = 120;

    private Text() {
    }

    public static String printable(String text) {
        if (text == null) {
            return "null";
        }
        int length = Math.min(text.length(), MAX_PRINTABLE);
        StringBuilder out = new StringBuilder(length + 1);
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? '?' : c);
        }
        if (text.length() > MAX_PRINTABLE) {
            out.append('…');
        }
        return out.toString();
    }
}
