package io.irflow.sandbox.webex;

import io.irflow.sandbox.Company;
import io.irflow.sandbox.webex.Shapes.ActionJson;
import io.irflow.sandbox.webex.Shapes.AttachmentJson;
import io.irflow.sandbox.webex.Shapes.MembershipJson;
import io.irflow.sandbox.webex.Shapes.MessageJson;
import io.irflow.sandbox.webex.Shapes.PersonJson;
import io.irflow.sandbox.webex.Shapes.RoomJson;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The stand-in's world: people (the bot and the company's analysts), rooms, memberships, messages and card
 * submissions, all in memory. Every change is announced to listeners (webhook delivery, the chat page's feed) in
 * order, while the state's lock is held.
 */
final class WebexState {
    static final String BOT_EMAIL = "irflow@webex.bot";
    static final String BOT_NAME = "irflow";
    /** Webex's limit on text and markdown, in UTF-8 bytes. */
    static final int MAX_TEXT_BYTES = 7439;
    static final String CARD_TYPE = "application/vnd.microsoft.card.adaptive";

    /** Something that happened, for listeners; {@code seq} orders the chat page's feed. */
    sealed interface Event permits MessageCreated, MessageDeleted, ActionCreated, RoomsChanged {
    }

    /** A message was posted. */
    record MessageCreated(long seq, MessageJson message) implements Event {
    }

    /** A message was deleted. */
    record MessageDeleted(long seq, MessageJson message) implements Event {
    }

    /** A card button was pressed. */
    record ActionCreated(long seq, ActionJson action) implements Event {
    }

    /** A room was created or someone joined one. */
    record RoomsChanged(long seq, RoomJson room, MembershipJson membership) implements Event {
    }

    private final Clock clock;
    private final String orgId = WebexIds.stable("ORGANIZATION", "acme");
    private final PersonJson bot;
    private final Map<String, PersonJson> people = new LinkedHashMap<>();
    private final Map<String, RoomJson> rooms = new LinkedHashMap<>();
    private final Map<String, String> directRooms = new LinkedHashMap<>();
    private final List<MembershipJson> memberships = new ArrayList<>();
    private final Map<String, MessageJson> messages = new LinkedHashMap<>();
    private final Map<String, ActionJson> actions = new LinkedHashMap<>();
    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
    private final String irtRoomId;
    private long seq;

    WebexState(Company company, Clock clock) {
        this.clock = clock;
        String created = WebexIds.now(clock);
        this.bot = new PersonJson(WebexIds.stable("PEOPLE", BOT_EMAIL), List.of(BOT_EMAIL), List.of(), BOT_NAME, BOT_NAME,
                BOT_NAME, null, null, orgId, created, "active", "bot");
        people.put(bot.id(), bot);
        for (Company.Analyst a : company.analysts()) {
            String[] names = a.displayName().split(" ", 2);
            PersonJson p = new PersonJson(WebexIds.of("PEOPLE", a.uuid()), List.of(a.email()), List.of(), a.displayName(),
                    names[0], names[0], names.length > 1 ? names[1] : null, a.email(), orgId, created, "active", "person");
            people.put(p.id(), p);
        }
        RoomJson irt = new RoomJson(WebexIds.stable("ROOM", "acme-irt"), "Acme IRT", "group", false, created, bot.id(),
                created, orgId, false, false);
        rooms.put(irt.id(), irt);
        this.irtRoomId = irt.id();
        people.values().forEach(p -> addMembership(irt, p, p == bot));
    }

    /** Subscribes to every change. */
    void listen(Consumer<Event> listener) {
        listeners.add(listener);
    }

    PersonJson bot() {
        return bot;
    }

    String irtRoomId() {
        return irtRoomId;
    }

    String orgId() {
        return orgId;
    }

    synchronized List<PersonJson> people() {
        return List.copyOf(people.values());
    }

    synchronized PersonJson person(String id) {
        PersonJson p = people.get(id);
        if (p == null) {
            throw WebexError.notFound();
        }
        return p;
    }

    synchronized Optional<PersonJson> personByEmail(String email) {
        return people.values().stream().filter(p -> p.emails().get(0).equalsIgnoreCase(email == null ? "" : email)).findFirst();
    }

    synchronized RoomJson room(String id) {
        RoomJson r = id == null ? null : rooms.get(id);
        if (r == null) {
            throw new WebexError(404, "Could not find a room with provided ID.");
        }
        return r;
    }

    /** The rooms a person belongs to, oldest first. */
    synchronized List<RoomJson> roomsOf(String personId) {
        return rooms.values().stream().filter(r -> isMember(r.id(), personId)).toList();
    }

    /** A new group room; its creator becomes a moderator member. */
    synchronized RoomJson createRoom(String title, String creatorId) {
        if (title == null || title.isBlank()) {
            throw WebexError.badRequest("title: may not be empty");
        }
        String now = WebexIds.now(clock);
        RoomJson room = new RoomJson(WebexIds.random("ROOM"), title, "group", false, now, creatorId, now, orgId, false, false);
        rooms.put(room.id(), room);
        MembershipJson m = addMembership(room, person(creatorId), true);
        fire(new RoomsChanged(++seq, room, m));
        return room;
    }

    /** The 1:1 room of the bot and a person, created on first use (its title is the person's name, as the bot sees it). */
    synchronized RoomJson directRoom(String personId) {
        PersonJson person = person(personId);
        String existing = directRooms.get(personId);
        if (existing != null) {
            return rooms.get(existing);
        }
        String now = WebexIds.now(clock);
        RoomJson room = new RoomJson(WebexIds.stable("ROOM", "direct:" + person.emails().get(0)), person.displayName(),
                "direct", false, now, bot.id(), now, null, false, false);
        rooms.put(room.id(), room);
        directRooms.put(personId, room.id());
        addMembership(room, bot, false);
        MembershipJson m = addMembership(room, person, false);
        fire(new RoomsChanged(++seq, room, m));
        return room;
    }

    synchronized boolean isMember(String roomId, String personId) {
        return memberships.stream().anyMatch(m -> m.roomId().equals(roomId) && m.personId().equals(personId));
    }

    /** Adds a person to a group room; 409 when already there. */
    synchronized MembershipJson join(String roomId, String personId, boolean moderator) {
        RoomJson room = room(roomId);
        PersonJson person = person(personId);
        if (isMember(roomId, personId)) {
            throw new WebexError(409, "Person is already in the room.");
        }
        if ("direct".equals(room.type())) {
            throw new WebexError(403, "Cannot add people to a 1:1 room.");
        }
        MembershipJson m = addMembership(room, person, moderator);
        fire(new RoomsChanged(++seq, room, m));
        return m;
    }

    /** Whether the bot hears of a message: it is in the room and, in a group room, is mentioned or wrote it. */
    synchronized boolean botHears(MessageJson m) {
        boolean mentionsBot = m.mentionedPeople() != null && m.mentionedPeople().contains(bot.id());
        return isMember(m.roomId(), bot.id()) && (!"group".equals(m.roomType()) || mentionsBot || m.personId().equals(bot.id()));
    }

    synchronized List<MembershipJson> memberships(String roomId) {
        return memberships.stream().filter(m -> roomId == null || m.roomId().equals(roomId)).toList();
    }

    private MembershipJson addMembership(RoomJson room, PersonJson p, boolean moderator) {
        MembershipJson m = new MembershipJson(WebexIds.random("MEMBERSHIP"), room.id(), p.id(), p.emails().get(0),
                p.displayName(), orgId, moderator, false, room.type(), false, WebexIds.now(clock));
        memberships.add(m);
        return m;
    }

    /** Posts a message as a room member, checking Webex's rules: membership, thread root, size, one card. */
    synchronized MessageJson post(String authorId, String roomId, String parentId, String text, String markdown,
                                  String html, List<String> mentioned, List<AttachmentJson> attachments) {
        return post(authorId, roomId, parentId, text, markdown, html, mentioned, attachments, null);
    }

    /** As above, with the content URL of the one file posted with it (Webex takes one per message), or null. */
    synchronized MessageJson post(String authorId, String roomId, String parentId, String text, String markdown,
                                  String html, List<String> mentioned, List<AttachmentJson> attachments,
                                  String fileUrl) {
        RoomJson room = room(roomId);
        PersonJson author = person(authorId);
        if (!isMember(roomId, authorId)) {
            throw new WebexError(404, "Could not find a room with provided ID.");
        }
        if (parentId != null) {
            MessageJson parent = messages.get(parentId);
            if (parent == null || !parent.roomId().equals(roomId)) {
                throw WebexError.badRequest("Invalid parentId: the parent message is not in this room.");
            }
            if (parent.parentId() != null) {
                throw WebexError.badRequest("Invalid parentId: replies must be made to the root of a thread.");
            }
        }
        for (String s : new String[]{text, markdown}) {
            if (s != null && s.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_BYTES) {
                throw WebexError.badRequest("Unable to post message to room: Message length limited to 7439 characters "
                        + "before encryption and 10000 characters after encryption.");
            }
        }
        List<AttachmentJson> cards = attachments == null || attachments.isEmpty() ? null : List.copyOf(attachments);
        if (cards != null && (cards.size() > 1 || !CARD_TYPE.equals(cards.get(0).contentType())
                || cards.get(0).content() == null || !cards.get(0).content().isObject())) {
            throw WebexError.badRequest("Only one attachment of type " + CARD_TYPE + " with an object content is allowed.");
        }
        if (cards != null && fileUrl != null) {
            throw WebexError.badRequest("A message can have a file or a card attachment, not both.");
        }
        if (blank(text) && blank(markdown) && cards == null && fileUrl == null) {
            throw WebexError.badRequest("A message needs text, markdown, a file or an attachment.");
        }
        String plain = blank(text) ? MarkdownText.plain(markdown) : text;
        String rendered = html != null ? html : blank(markdown) ? null : MarkdownText.html(markdown);
        MessageJson m = new MessageJson(WebexIds.random("MESSAGE"), parentId, roomId, room.type(), plain,
                blank(markdown) ? null : markdown, rendered, author.id(), author.emails().get(0),
                mentioned == null || mentioned.isEmpty() ? null : List.copyOf(mentioned), cards,
                fileUrl == null ? null : List.of(fileUrl), WebexIds.now(clock));
        messages.put(m.id(), m);
        rooms.put(roomId, room.touched(m.created()));
        fire(new MessageCreated(++seq, m));
        return m;
    }

    synchronized MessageJson message(String id) {
        MessageJson m = id == null ? null : messages.get(id);
        if (m == null) {
            throw WebexError.notFound();
        }
        return m;
    }

    /** A room's messages, oldest first. */
    synchronized List<MessageJson> messages(String roomId) {
        return messages.values().stream().filter(m -> m.roomId().equals(roomId)).toList();
    }

    /** Deletes a message; only its author may. */
    synchronized void delete(String id, String byPersonId) {
        MessageJson m = message(id);
        if (!m.personId().equals(byPersonId)) {
            throw new WebexError(403, "You can only delete your own messages.");
        }
        messages.remove(id);
        fire(new MessageDeleted(++seq, m));
    }

    /**
     * Records a card submission as Webex does: {@code inputs} is the card's input values merged with the pressed
     * button's {@code data}, the data winning on a key collision (Webex's own renderer).
     */
    synchronized ActionJson press(String personId, String messageId, Map<String, Object> inputs, Map<String, Object> data) {
        MessageJson m = message(messageId);
        if (m.attachments() == null) {
            throw WebexError.badRequest("The message has no card.");
        }
        if (!isMember(m.roomId(), personId)) {
            throw new WebexError(403, "Only room members can submit a card.");
        }
        Map<String, Object> merged = new LinkedHashMap<>();
        if (inputs != null) {
            merged.putAll(inputs);
        }
        if (data != null) {
            merged.putAll(data);
        }
        ActionJson a = new ActionJson(WebexIds.random("ATTACHMENT_ACTION"), "submit", messageId, merged, personId,
                m.roomId(), WebexIds.now(clock));
        actions.put(a.id(), a);
        fire(new ActionCreated(++seq, a));
        return a;
    }

    synchronized ActionJson action(String id) {
        ActionJson a = id == null ? null : actions.get(id);
        if (a == null) {
            throw WebexError.notFound();
        }
        return a;
    }

    /** Every event so far is numbered; this is the last number. */
    synchronized long lastSeq() {
        return seq;
    }

    private void fire(Event e) {
        listeners.forEach(l -> l.accept(e));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
