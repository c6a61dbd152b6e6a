package io.irflow.cards;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.cards.dsl.Cards;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code /status} card: each product's reachability, cache statistics and the version. Pure. */
public final class StatusCard {
    private StatusCard() {
    }

    /** One product's line: its state ("reachable", "refused credentials", "not configured", ...). */
    public record ProductState(String product, boolean ok, String state) {
    }

    /** One cache's statistics. */
    public record CacheLine(String source, long hits, long misses, long size) {
    }

    /**
     * How Webex events reach irflow.
     *
     * @param mode       webhook or websocket
     * @param state      e.g. "connected since …" or "reconnecting"
     * @param lastEvent  when the last event arrived, or null
     * @param reconnects socket reconnects since start (websocket mode)
     * @param proxy      the outbound path, credentials redacted
     */
    public record Connection(String mode, String state, String lastEvent, int reconnects, String proxy) {
    }

    /** What the status card says when {@code security.dry_run} is on. */
    public static final String DRY_RUN = "Dry run is on (security.dry_run): quarantine, isolate and block go through "
            + "every step, but no product is called and nothing is contained.";

    /** The card with the dry-run notice under its heading, and first in its fallback. */
    public static Card withDryRun(Card card) {
        com.fasterxml.jackson.databind.node.ArrayNode body = (com.fasterxml.jackson.databind.node.ArrayNode) card
                .content().path("body");
        body.insert(1, Cards.colored(DRY_RUN, "Warning"));
        return new Card(card.content(), "**" + DRY_RUN + "**\n" + card.fallback());
    }

    /** Renders the card. */
    public static Card render(List<ProductState> products, List<CacheLine> caches, String version, String uptime) {
        return render(products, caches, version, uptime, null);
    }

    /** Renders the card with the Webex connection section. */
    public static Card render(List<ProductState> products, List<CacheLine> caches, String version, String uptime,
                              Connection connection) {
        List<ObjectNode> body = new ArrayList<>();
        body.add(Cards.heading("irflow status"));
        body.add(Cards.subtle("Version " + Markdown.escape(version) + " · up " + Markdown.escape(uptime)));
        Map<String, String> states = new LinkedHashMap<>();
        StringBuilder fallback = new StringBuilder("**irflow status** (" + version + ")\n");
        for (ProductState p : products) {
            states.put(Markdown.escape(p.product()), (p.ok() ? "✅ " : "⚠️ ") + Markdown.escape(p.state()));
            fallback.append("- ").append(p.product()).append(": ").append(p.state()).append('\n');
        }
        if (connection != null) {
            Map<String, String> conn = new LinkedHashMap<>();
            conn.put("Mode", Markdown.escape(connection.mode()));
            conn.put("State", Markdown.escape(connection.state()));
            conn.put("Last event", connection.lastEvent() == null ? "none yet" : Markdown.escape(connection.lastEvent()));
            if ("websocket".equals(connection.mode())) {
                conn.put("Reconnects", String.valueOf(connection.reconnects()));
            }
            conn.put("Proxy", Markdown.escape(connection.proxy()));
            body.add(Cards.section(List.of(Cards.text("**Webex connection**"), Cards.facts(conn))));
            fallback.append("- Webex ").append(connection.mode()).append(": ").append(connection.state())
                    .append(", reconnects ").append(connection.reconnects()).append(", proxy ").append(connection.proxy())
                    .append('\n');
        }
        body.add(Cards.section(List.of(Cards.text("**Products**"), Cards.facts(states))));
        if (!caches.isEmpty()) {
            Map<String, String> cache = new LinkedHashMap<>();
            for (CacheLine c : caches) {
                long total = c.hits() + c.misses();
                String rate = total == 0 ? "no lookups yet" : Math.round(100.0 * c.hits() / total) + "% hits";
                cache.put(Markdown.escape(c.source()), c.hits() + " hits · " + c.misses() + " misses · " + c.size()
                        + " entries (" + rate + ")");
            }
            body.add(Cards.section(List.of(Cards.text("**Lookup cache**"), Cards.facts(cache))));
        }
        return new Card(Cards.card(body, List.of()), fallback.toString());
    }
}
