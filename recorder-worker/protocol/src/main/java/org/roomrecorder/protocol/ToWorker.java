package org.roomrecorder.protocol;

/** Session requests the plugin sends to a worker. Each names its recording session. */
public sealed interface ToWorker extends Message permits Open, Offer, Candidate, EndOfCandidates, Close {
    String session();

    void accept(Handler handler);

    /** One method per request, no defaults: a new request is a compile error in every handler. */
    interface Handler {
        void open(Open m);

        void offer(Offer m);

        void candidate(Candidate m);

        void endOfCandidates(EndOfCandidates m);

        void close(Close m);
    }
}
