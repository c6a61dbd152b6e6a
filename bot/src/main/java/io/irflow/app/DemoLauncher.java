package io.irflow.app;

/**
 * Starts demo mode for the {@code demo} command. The demo module (irflow-demo, package {@code io.irflow.sandbox})
 * provides it through {@link java.util.ServiceLoader}; the bot has no compile-time dependency on the demo, and a
 * build without the demo module has no launcher.
 */
public interface DemoLauncher {
    /**
     * Starts the demo on a port (0 picks a free one).
     *
     * @param websocket irflow receives Webex events on its event socket ({@code webex.mode: websocket}) instead of
     *                  webhooks
     */
    Running start(int port, boolean websocket);

    /** A running demo. */
    interface Running extends AutoCloseable {
        /** The chat page's address. */
        String url();

        /** Stops the demo and the bot in it. */
        @Override
        void close();
    }
}
