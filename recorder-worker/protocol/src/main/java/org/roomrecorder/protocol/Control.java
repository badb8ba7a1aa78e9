package org.roomrecorder.protocol;

/** Messages that belong to the connection, not to a session. The transport handles them. */
public sealed interface Control extends Message permits Hello, Welcome, Ping, Pong, ErrorMessage {
    void accept(Handler handler);

    interface Handler {
        void hello(Hello m);

        void welcome(Welcome m);

        void ping(Ping m);

        void pong(Pong m);

        void error(ErrorMessage m);
    }
}
