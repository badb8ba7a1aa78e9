package org.roomrecorder.protocol.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.roomrecorder.protocol.Candidate;
import org.roomrecorder.protocol.Message;
import org.roomrecorder.protocol.MessageCodec;
import org.roomrecorder.protocol.Offer;
import org.roomrecorder.protocol.SampleMessages;

/** Frame body encode and decode of the two most frequent signaling messages: a candidate and a real-size offer. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {
    private final MessageCodec codec = new MessageCodec();
    private Message candidate;
    private Message offer;
    private byte[] candidateBytes;
    private byte[] offerBytes;

    @Setup
    public void setUp() {
        candidate = new Candidate("3f1c2d9a-7e44-4b0e-9c1a-1f0f5e7a2b11", SampleMessages.CANDIDATE, "0", 0);
        offer = new Offer("3f1c2d9a-7e44-4b0e-9c1a-1f0f5e7a2b11", BenchSdp.chromeLikeOffer());
        candidateBytes = codec.encode(candidate);
        offerBytes = codec.encode(offer);
    }

    @Benchmark
    public byte[] encodeCandidate() {
        return codec.encode(candidate);
    }

    @Benchmark
    public Message decodeCandidate() {
        return codec.decode(candidateBytes);
    }

    @Benchmark
    public byte[] encodeOffer() {
        return codec.encode(offer);
    }

    @Benchmark
    public Message decodeOffer() {
        return codec.decode(offerBytes);
    }
}
