package org.roomrecorder.worker.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jdk.net.UnixDomainPrincipal;
import org.roomrecorder.protocol.transport.ProtocolServer;

/**
 * Lets a connecting process in if it runs as root, as the worker's own user, or as one of the configured uids.
 * The JDK reports the peer (SO_PEERCRED) by user name, or by number when the uid has no name, so each allowed
 * uid is known here under both.
 */
final class UidPolicy implements ProtocolServer.PeerPolicy {
    private final Set<String> allowed;

    private UidPolicy(Set<String> allowed) {
        this.allowed = Set.copyOf(allowed);
    }

    static UidPolicy of(List<Integer> extraUids) throws IOException {
        Set<String> allowed = new HashSet<>();
        List<Integer> uids = new java.util.ArrayList<>(extraUids);
        uids.add(0);
        uids.add((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        List<String> passwd = Files.readAllLines(Path.of("/etc/passwd"));
        for (int uid : uids) {
            allowed.add(String.valueOf(uid));
            for (String line : passwd) {
                String[] fields = line.split(":");
                if (fields.length > 2 && fields[2].equals(String.valueOf(uid))) {
                    allowed.add(fields[0]);
                }
            }
        }
        return new UidPolicy(allowed);
    }

    @Override
    public boolean allows(UnixDomainPrincipal principal) {
        return allowed.contains(principal.user().getName());
    }
}
