package org.roomrecorder.it.soak;

import java.util.Locale;

/**
 * One look at the worker and the plugin during the soak.
 *
 * @param seconds        since the first sample, taken before anyone joined
 * @param live           publishers in the room at that instant
 * @param workerSessions sessions the worker's metrics count (every state), -1 if they did not answer
 * @param pluginSessions sessions the plugin's metrics count (every state), -1 if they did not answer
 * @param workerOldGcs   the worker JVM's old-generation collections so far, -1 if unknown
 */
record Sample(long seconds, int live, ProcessUsage worker, ProcessUsage plugin, double workerSessions,
        double pluginSessions, long workerOldGcs) {
    static final String CSV_HEADER = "seconds,live,worker_sessions,plugin_sessions,worker_threads,worker_fds,"
            + "worker_rss_kib,worker_children,worker_old_gcs,plugin_threads,plugin_fds,plugin_rss_kib";

    String csv() {
        return String.format(Locale.ROOT, "%d,%d,%.0f,%.0f,%d,%d,%d,%d,%d,%d,%d,%d", seconds, live, workerSessions,
                pluginSessions, worker.threads(), worker.fds(), worker.rssKib(), worker.children(), workerOldGcs,
                plugin.threads(), plugin.fds(), plugin.rssKib());
    }
}
