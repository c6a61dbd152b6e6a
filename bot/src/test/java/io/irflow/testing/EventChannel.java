package io.irflow.testing;

import io.irflow.app.AppWiring;
import io.irflow.app.Tuning;
import io.irflow.config.AppConfig;
import io.irflow.webex.RestIds;

import java.time.Duration;

/**
 * How a test's Webex events reach the bot: signed webhooks into {@code POST /webhooks/webex}, or activities on the
 * event socket played by {@link WebexSocketStub}. End-to-end tests parameterised over {@link Mode} run the same
 * conversation both ways and expect the same replies and product calls.
 */
public abstract class EventChannel implements AutoCloseable {

    /** The two ways in. */
    public enum Mode { WEBHOOK, WEBSOCKET }

    /** A channel for the mode; close it after the test. */
    public static EventChannel open(Mode mode) {
        return mode == Mode.WEBHOOK ? new Webhooks()
                : new Socket(new WebexSocketStub("test-token").mentioning(RestIds.uuidOf(WebexStub.BOT_ID).orElseThrow()));
    }

    /** The test config in this mode ({@link TestConfigs#bot(String, String)} plus the mode's keys). */
    public AppConfig config(String webexUrl, String extraYaml) {
        return config(webexUrl, "", extraYaml);
    }

    /** As {@link #config(String, String)}, with extra lines in the {@code webex:} section (indented two spaces). */
    public abstract AppConfig config(String webexUrl, String webexLines, String extraYaml);

    /** Starts the bot and waits until events can reach it. */
    public AppWiring.Bot start(AppConfig config, Tuning tuning) {
        AppWiring.Bot bot = AppWiring.start(config, tuning);
        attached(bot);
        return bot;
    }

    protected abstract void attached(AppWiring.Bot bot);

    /** A new message; returns the HTTP status of the delivery (200 on the socket, which has none). */
    public abstract int message(String messageId, String roomId, String roomType, String personId, String email);

    /** A card submission on the card message {@code messageId}; returns the delivery status as above. */
    public abstract int cardAction(String actionId, String messageId, String roomId, String roomType, String personId,
                                   String email);

    @Override
    public void close() {
    }

    private static final class Webhooks extends EventChannel {
        private final SignedWebhooks webhooks = new SignedWebhooks(TestConfigs.SECRET);
        private String url;

        @Override
        public AppConfig config(String webexUrl, String webexLines, String extraYaml) {
            return TestConfigs.bot(webexUrl, webexLines, extraYaml);
        }

        @Override
        protected void attached(AppWiring.Bot bot) {
            url = "http://127.0.0.1:" + bot.port() + "/webhooks/webex";
        }

        @Override
        public int message(String messageId, String roomId, String roomType, String personId, String email) {
            return webhooks.deliver(url, SignedWebhooks.message(messageId, roomId, roomType, personId, email));
        }

        @Override
        public int cardAction(String actionId, String messageId, String roomId, String roomType, String personId,
                              String email) {
            return webhooks.deliver(url, SignedWebhooks.cardAction(actionId, messageId, roomId, personId));
        }
    }

    /** Events as socket activities carrying the UUIDs inside the REST ids, so the bot maps them back to those ids. */
    public static final class Socket extends EventChannel {
        private final WebexSocketStub stub;

        Socket(WebexSocketStub stub) {
            this.stub = stub;
        }

        public WebexSocketStub stub() {
            return stub;
        }

        @Override
        public AppConfig config(String webexUrl, String webexLines, String extraYaml) {
            return TestConfigs.bot(webexUrl, "  mode: websocket\n  u2c_url: \"" + stub.u2cUrl() + "\"\n" + webexLines,
                    extraYaml);
        }

        @Override
        protected void attached(AppWiring.Bot bot) {
            stub.awaitConnected(Duration.ofSeconds(10));
        }

        @Override
        public int message(String messageId, String roomId, String roomType, String personId, String email) {
            stub.sendPost(uuid(messageId), uuid(roomId), uuid(personId), email, "direct".equals(roomType));
            return 200;
        }

        @Override
        public int cardAction(String actionId, String messageId, String roomId, String roomType, String personId,
                              String email) {
            stub.sendCardAction(uuid(actionId), uuid(messageId), uuid(roomId), uuid(personId), email,
                    "direct".equals(roomType));
            return 200;
        }

        private static String uuid(String restId) {
            return RestIds.uuidOf(restId).orElseThrow(() -> new IllegalArgumentException("not a Webex id: " + restId));
        }

        @Override
        public void close() {
            stub.close();
        }
    }
}
