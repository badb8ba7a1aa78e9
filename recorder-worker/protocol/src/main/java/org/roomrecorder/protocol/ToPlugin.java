package org.roomrecorder.protocol;

/** Replies and events a worker sends to the plugin. Each names its recording session. */
public sealed interface ToPlugin extends Message
        permits Opened, Answer, Candidate, EndOfCandidates, StateEvent, Stats, Closed {
    String session();

    void accept(Handler handler);

    /** One method per message, no defaults: a new message is a compile error in every handler. */
    interface Handler {
        void opened(Opened m);

        void answer(Answer m);

        void candidate(Candidate m);

        void endOfCandidates(EndOfCandidates m);

        void state(StateEvent m);

        void stats(Stats m);

        void closed(Closed m);
    }
}
