package io.irflow.contain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.json.Json;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;

/**
 * The audit log as JSON lines, in chain order, for a SIEM or an auditor: every hashed field (nulls written as null),
 * {@code seq}, {@code prev_hash} and {@code hash}, so anyone can recompute the chain ({@link AuditChain}) and keep the
 * last hash elsewhere as an anchor.
 */
public final class AuditExport {
    private static final int PAGE = 500;

    private final AuditChainStore chain;

    public AuditExport(AuditChainStore chain) {
        this.chain = chain;
    }

    /** Writes the entries made at or after {@code since} (null: all), one JSON object a line; returns how many. */
    public long write(Writer out, Instant since) throws IOException {
        long written = 0;
        long after = 0;
        while (true) {
            List<AuditChainStore.Link> page = chain.links(after, since, PAGE);
            for (AuditChainStore.Link l : page) {
                out.write(line(l));
                out.write('\n');
                after = l.seq();
                written++;
            }
            if (page.size() < PAGE) {
                out.flush();
                return written;
            }
        }
    }

    /** One entry as a JSON object on one line. */
    static String line(AuditChainStore.Link l) throws JsonProcessingException {
        AuditChain.Fields f = l.fields();
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("seq", l.seq());
        o.put("at", f.at() == null ? null : f.at().toString());
        o.put("actor", f.actor());
        o.put("room_id", f.roomId());
        o.put("event", f.event());
        o.put("kind", f.kind());
        o.put("product", f.product());
        o.put("target", f.target());
        o.put("outcome", f.outcome());
        o.put("product_status", f.productStatus());
        o.put("tracking_id", f.trackingId());
        o.put("ref", f.ref());
        o.put("prev_hash", l.prevHash());
        o.put("hash", l.hash());
        return Json.mapper().writeValueAsString(o);
    }
}
