package io.irflow.verify;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** {@link Notes} that remember what would have been posted. */
final class RecordingNotes implements Notes {
    /** One note: where it went (the card is null for a room note) and what it said. */
    record Note(String roomId, String card, String markdown) {
    }

    final List<Note> thread = new CopyOnWriteArrayList<>();
    final List<Note> room = new CopyOnWriteArrayList<>();

    @Override
    public void inThread(String roomId, String cardMessageId, String markdown) {
        thread.add(new Note(roomId, cardMessageId, markdown));
    }

    @Override
    public void inRoom(String roomId, String markdown) {
        room.add(new Note(roomId, null, markdown));
    }
}
