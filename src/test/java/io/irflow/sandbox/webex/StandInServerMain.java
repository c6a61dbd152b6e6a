package io.irflow.sandbox.webex;

import io.irflow.app.Tuning;

/**
 * Runs the Webex stand-in and the chat page on a port, and the bot (no products) beside them, for the browser test:
 * {@code [port]}.
 */
public final class StandInServerMain {
    private StandInServerMain() {
    }

    /** Starts and blocks until killed. */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        StandInBot all = new StandInBot(port, Tuning.defaults());
        Runtime.getRuntime().addShutdownHook(new Thread(all::close));
        System.out.println("READY " + all.baseUrl());
        Thread.currentThread().join();
    }
}
