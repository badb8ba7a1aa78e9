package org.roomrecorder.plugin.hosts.vdoninja;

import java.util.regex.Pattern;

/**
 * What the adapter accepts as a UUID, session token, stream id or room name. Every one of them comes from remote
 * peers and ends up in routing keys, log lines and (stream ids) file names, so the form is narrow: what VDO.Ninja
 * itself produces (it replaces other characters of a stream id with '_'), and nothing path-like, no control
 * characters, no unicode look-alikes.
 */
final class NinjaIds {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private NinjaIds() {
    }

    static boolean valid(String id) {
        return id != null && ID.matcher(id).matches();
    }
}
