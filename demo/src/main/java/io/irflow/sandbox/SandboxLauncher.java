package io.irflow.sandbox;

import io.irflow.app.DemoLauncher;

/** The bot's {@code demo} command starts {@link Demo} through this (registered in META-INF/services). */
public final class SandboxLauncher implements DemoLauncher {
    @Override
    public Running start(int port, boolean websocket) {
        return new Started(Demo.start(port, websocket));
    }

    /** A started demo, as the command sees it. */
    private record Started(Demo demo) implements Running {
        @Override
        public String url() {
            return demo.url();
        }

        @Override
        public void close() {
            demo.close();
        }
    }
}
