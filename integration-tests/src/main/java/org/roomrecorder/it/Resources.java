package org.roomrecorder.it;

/** Test teardown that closes everything it is given, even after a failure, so no process or namespace leaks. */
public final class Resources {
    private Resources() {
    }

    /** Closes each non-null resource in order; throws the first failure with the later ones suppressed. */
    public static void closeAll(AutoCloseable... resources) throws Exception {
        Exception first = null;
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
