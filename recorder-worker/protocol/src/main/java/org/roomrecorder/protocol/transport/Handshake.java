package org.roomrecorder.protocol.transport;

import org.roomrecorder.protocol.ErrorMessage;
import org.roomrecorder.protocol.Hello;
import org.roomrecorder.protocol.Message;
import org.roomrecorder.protocol.Welcome;

/** One side's half of hello/welcome. The connection calls it until it is open, and never after. */
interface Handshake<I extends Message> {
    void hello(Connection<I> connection, Hello hello);

    void welcome(Connection<I> connection, Welcome welcome);

    /** The peer sent an error instead of completing the handshake. */
    void refused(Connection<I> connection, ErrorMessage error);

    /** The connection closed before it opened. */
    void closed(Connection<I> connection, String reason);
}
