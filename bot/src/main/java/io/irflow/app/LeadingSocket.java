package io.irflow.app;

import io.irflow.webex.socket.WebexSocket;

import java.util.function.Supplier;

/**
 * Websocket mode's event socket, open only while this instance leads (see store/Leadership): every socket of the bot
 * receives every event, so two instances with a socket each would answer everything twice. A new leader builds and
 * starts a fresh socket (which first runs the events a previous holder took but did not finish); one that stops
 * leading closes its socket.
 */
final class LeadingSocket implements AutoCloseable {
    private final Supplier<WebexSocket> build;
    /** Written under the lock; read without it, so status and readiness never wait for a socket starting. */
    private volatile WebexSocket current;

    LeadingSocket(Supplier<WebexSocket> build) {
        this.build = build;
    }

    /** Opens the socket when this instance starts leading, closes it when it stops. */
    synchronized void lead(boolean leads) {
        if (leads && current == null) {
            WebexSocket socket = build.get();
            socket.start();
            current = socket;
        } else if (!leads && current != null) {
            current.close();
            current = null;
        }
    }

    /** The open socket, or null while another instance leads. */
    WebexSocket current() {
        return current;
    }

    @Override
    public void close() {
        lead(false);
    }
}
