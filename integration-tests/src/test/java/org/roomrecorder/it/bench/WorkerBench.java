package org.roomrecorder.it.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Concurrent 640x360@30 audio+video sessions on one worker, for each of the given session counts: the CPU of the
 * worker and its FFmpeg children per session, the worker's RSS, the share of decoded frames dropped and the encoder
 * lag (see {@link WorkerLoad}). The publishers' own CPU is shown too: on a 2-core machine they compete with the
 * worker, so the counts are a floor.
 *
 * <p>Usage: {@code WorkerBench [counts=1,4,8,16] [seconds=15] [runs=3]}; prints each run and the medians.
 */
public final class WorkerBench {
    public static void main(String[] args) throws Exception {
        List<Integer> counts = args.length > 0 ? List.of(args[0].split(",")).stream().map(Integer::parseInt).toList()
                : List.of(1, 4, 8, 16);
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        System.out.println(WorkerLoad.HEADER);
        for (int count : counts) {
            List<WorkerLoad.Result> results = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                WorkerLoad.Result r = WorkerLoad.measure(WorkerLoad.Video.P360, count, seconds);
                results.add(r);
                System.out.println(WorkerLoad.row("run " + run, r));
            }
            System.out.println(WorkerLoad.row("median", WorkerLoad.median(results)));
        }
        System.exit(0);
    }
}
