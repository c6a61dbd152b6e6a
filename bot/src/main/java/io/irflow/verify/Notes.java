package io.irflow.verify;

/** Where verification and drift notes go: the action's thread, and the response room. */
public interface Notes {

    /**
     * Posts in the thread of the card {@code cardMessageId} (a card's own thread root, as the result's reply used);
     * in the room itself when there is no card or Webex refuses the thread. Failures are logged, never thrown.
     */
    void inThread(String roomId, String cardMessageId, String markdown);

    /** Posts in the room, not in a thread. Failures are logged, never thrown. */
    void inRoom(String roomId, String markdown);
}
