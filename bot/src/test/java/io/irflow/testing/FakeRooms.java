package io.irflow.testing;

import io.irflow.cards.Card;
import io.irflow.cards.IncidentSummaryCard;
import io.irflow.incidents.Incident;
import io.irflow.incidents.Rooms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** In-memory rooms: records titles, members, posts and uploads. */
public final class FakeRooms implements Rooms {
    public final Map<String, String> titles = new LinkedHashMap<>();
    public final Map<String, Set<String>> members = new LinkedHashMap<>();
    public final List<String> texts = new ArrayList<>();
    public final List<Card> cards = new ArrayList<>();
    public final Map<String, String> files = new LinkedHashMap<>();
    /** The message ids of the summary cards posted, in order, and those deleted since. */
    public final List<String> summaryIds = new ArrayList<>();
    public final List<String> deleted = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();

    @Override
    public synchronized String create(String title) {
        String id = "room-" + ids.incrementAndGet();
        titles.put(id, title);
        members.put(id, new java.util.LinkedHashSet<>());
        return id;
    }

    @Override
    public synchronized void addMember(String roomId, String email) {
        members.get(roomId).add(email);
    }

    @Override
    public synchronized void post(String roomId, String markdown) {
        texts.add(markdown);
    }

    @Override
    public synchronized void postSummary(String roomId, Incident incident, List<String> unsynced, String ticketProduct) {
        cards.add(IncidentSummaryCard.render(incident, unsynced, ticketProduct));
    }

    @Override
    public synchronized String postSummaryCard(String roomId, Incident incident, List<String> unsynced,
                                               String ticketProduct) {
        postSummary(roomId, incident, unsynced, ticketProduct);
        summaryIds.add("msg-" + (summaryIds.size() + 1));
        return summaryIds.get(summaryIds.size() - 1);
    }

    @Override
    public synchronized String postSummaryCard(String roomId, Incident incident, List<String> unsynced,
                                               String ticketProduct, List<String> containment) {
        cards.add(IncidentSummaryCard.render(incident, unsynced, ticketProduct, containment));
        summaryIds.add("msg-" + (summaryIds.size() + 1));
        return summaryIds.get(summaryIds.size() - 1);
    }

    @Override
    public synchronized void deleteMessage(String messageId) {
        deleted.add(messageId);
    }

    @Override
    public synchronized void postTicket(String roomId, String product, String number, String url) {
        texts.add(IncidentSummaryCard.ticketLine(product, number, url));
    }

    @Override
    public synchronized void upload(String roomId, String markdown, String fileName, String contentType, byte[] content) {
        files.put(fileName, new String(content, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public String link(String roomId) {
        return "webexteams://im?space=" + roomId;
    }
}
