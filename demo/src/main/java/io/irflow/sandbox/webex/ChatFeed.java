package io.irflow.sandbox.webex;

import io.irflow.json.Json;
import io.irflow.sandbox.webex.Shapes.MessageJson;
import io.javalin.http.sse.SseClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The chat page's view of the stand-in: a numbered log of what happened (messages, deletions, room changes) that
 * browsers read as Server-Sent Events. Each event carries its number as the SSE id, so a reconnecting browser
 * ({@code Last-Event-ID}) gets exactly what it missed; a single sender thread keeps every client in order.
 */
final class ChatFeed implements Consumer<WebexState.Event>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChatFeed.class);

    /** One entry of the page's log. */
    record PageEvent(long seq, String type, String roomId, MessageJson message) {
    }

    private final List<PageEvent> log = new ArrayList<>();
    private final Map<String, Long> seqOfMessage = new HashMap<>();
    private final Map<SseClient, Long> clients = new LinkedHashMap<>();
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "chat-page-feed");
        t.setDaemon(true);
        return t;
    });

    ChatFeed() {
        sender.scheduleAtFixedRate(this::ping, 15, 15, TimeUnit.SECONDS);
    }

    @Override
    public void accept(WebexState.Event event) {
        PageEvent e;
        if (event instanceof WebexState.MessageCreated c) {
            e = new PageEvent(c.seq(), "message", c.message().roomId(), c.message());
        } else if (event instanceof WebexState.MessageDeleted d) {
            e = new PageEvent(d.seq(), "deleted", d.message().roomId(), d.message());
        } else if (event instanceof WebexState.RoomsChanged r) {
            e = new PageEvent(r.seq(), "rooms", r.room().id(), null);
        } else {
            return;
        }
        synchronized (this) {
            log.add(e);
            if (e.message() != null && "message".equals(e.type())) {
                seqOfMessage.put(e.message().id(), e.seq());
            }
        }
        sender.execute(() -> broadcast(e));
    }

    /** The log's entries for one room (or all rooms when null) numbered above {@code after}, oldest first. */
    synchronized List<PageEvent> since(String roomId, long after) {
        return log.stream().filter(e -> e.seq() > after && (roomId == null || roomId.equals(e.roomId()))).toList();
    }

    /** Serves one browser: replays what it has not seen, then streams new events until it goes away. */
    void connect(SseClient client, long after) {
        client.keepAlive();
        client.onClose(() -> sender.execute(() -> clients.remove(client)));
        sender.execute(() -> {
            clients.put(client, after);
            for (PageEvent e : since(null, after)) {
                send(client, e);
            }
            send(client, new PageEvent(0, "ready", null, null));
        });
    }

    private void broadcast(PageEvent e) {
        for (SseClient c : List.copyOf(clients.keySet())) {
            send(c, e);
        }
    }

    /** Sends an event unless the client has it already (replay and broadcast may overlap). */
    private void send(SseClient client, PageEvent e) {
        Long last = clients.get(client);
        if (last == null || client.terminated()) {
            clients.remove(client);
            return;
        }
        if (e.seq() != 0 && e.seq() <= last) {
            return;
        }
        try {
            String json = Json.mapper().writeValueAsString(e);
            if (e.seq() == 0) {
                client.sendEvent(e.type(), json);
            } else {
                client.sendEvent(e.type(), json, String.valueOf(e.seq()));
            }
            if (e.seq() != 0) {
                clients.put(client, e.seq());
            }
        } catch (IOException | RuntimeException ex) {
            LOG.debug("chat page client went away: {}", ex.toString());
            clients.remove(client);
        }
    }

    private void ping() {
        for (SseClient c : List.copyOf(clients.keySet())) {
            try {
                c.sendComment("ping");
            } catch (RuntimeException ex) {
                clients.remove(c);
            }
        }
    }

    @Override
    public void close() {
        sender.execute(() -> clients.keySet().forEach(SseClient::close));
        sender.shutdown();
    }
}
