package org.roomrecorder.it.soak;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import org.roomrecorder.it.janus.JanusPublisher;
import org.roomrecorder.it.janus.JanusPublishers;

/**
 * The soak's comings and goings in one room, from a seeded random generator: at each {@link #step} one publisher
 * joins or one leaves. It first fills the room to {@link #MAX_LIVE}, so the processes meet their peak load early,
 * then keeps between {@link #MIN_LIVE} and {@link #MAX_LIVE} in it. Publishers come from a fixed cast, each with
 * its own {@link Signature}; one that joins again is a new generation of the same endpoint.
 */
final class Churn {
    static final int MIN_LIVE = 6;
    static final int MAX_LIVE = 10;
    /** More than {@link #MAX_LIVE}, so a join has a choice and the same endpoints come back. */
    static final int CAST = 16;

    /** One stay of a publisher in the room: its {@code generation}-th, from {@code joined} to {@code left}. */
    record Stint(int publisher, int generation, Instant joined, Instant left) {
        Duration length() {
            return Duration.between(joined, left);
        }
    }

    private final JanusPublishers farm;
    private final List<JanusPublisher> cast = new ArrayList<>();
    private final Random random;
    private final Duration minStay;
    /** Sorted, so a seed replays the same choices; concurrent, because the sampler reads its size. */
    private final Map<Integer, Instant> live = new ConcurrentSkipListMap<>();
    private final int[] generations = new int[CAST];
    private final List<Stint> stints = new ArrayList<>();
    private boolean filled;
    private int skipped;

    /**
     * A publisher leaves only after {@code minStay}: long enough for its recording to start on a loaded machine (one
     * that leaves before the worker got its media has no file) and to be judged.
     */
    Churn(JanusPublishers farm, String room, long seed, Duration minStay) {
        this.farm = farm;
        this.random = new Random(seed);
        this.minStay = minStay;
        for (int i = 0; i < CAST; i++) {
            Signature signature = Signature.of(i);
            cast.add(farm.create(room, endpoint(i), String.format("Soak %02d", i + 1), signature.tone(),
                    signature.yuv()));
        }
    }

    static String endpoint(int publisher) {
        return String.format("soak-%02d", publisher + 1);
    }

    /** One join or one leave; waits until Janus confirmed it. */
    void step() throws Exception {
        filled |= live.size() >= MAX_LIVE;
        boolean join = !filled || live.size() <= MIN_LIVE || live.size() < MAX_LIVE && random.nextBoolean();
        List<Integer> canLeave = live.entrySet().stream()
                .filter(e -> Duration.between(e.getValue(), Instant.now()).compareTo(minStay) >= 0)
                .map(Map.Entry::getKey).toList();
        if (!join && canLeave.isEmpty()) {
            join = live.size() < MAX_LIVE;
        }
        if (join) {
            List<Integer> idle = new ArrayList<>();
            for (int i = 0; i < CAST; i++) {
                if (!live.containsKey(i)) {
                    idle.add(i);
                }
            }
            join(idle.get(random.nextInt(idle.size())));
        } else if (!canLeave.isEmpty()) {
            leave(canLeave.get(random.nextInt(canLeave.size())));
        } else {
            skipped++;
        }
    }

    /** Everyone still in the room leaves, each once it has stayed {@code minStay}, in the order they joined. */
    void leaveAll() throws Exception {
        List<Map.Entry<Integer, Instant>> byJoin = new ArrayList<>(live.entrySet());
        byJoin.sort(Map.Entry.comparingByValue());
        for (Map.Entry<Integer, Instant> entry : byJoin) {
            long wait = Duration.between(Instant.now(), entry.getValue().plus(minStay)).toMillis();
            if (wait > 0) {
                Thread.sleep(wait); // the schedule: a shorter stay may end before its recording starts
            }
            leave(entry.getKey());
        }
    }

    private void join(int publisher) throws Exception {
        live.put(publisher, Instant.now());
        farm.joinAndPublish(cast.get(publisher)).get(30, TimeUnit.SECONDS);
    }

    private void leave(int publisher) throws Exception {
        cast.get(publisher).leave().get(30, TimeUnit.SECONDS);
        stints.add(new Stint(publisher, generations[publisher]++, live.remove(publisher), Instant.now()));
    }

    int live() {
        return live.size();
    }

    /** Every finished stay, in the order they ended. */
    List<Stint> stints() {
        return List.copyOf(stints);
    }

    int joins() {
        return stints.size() + live.size();
    }

    /** Steps where no one could leave yet (all too new) and the room was full. */
    int skipped() {
        return skipped;
    }
}
