package io.irflow.adapters.amp;

import io.irflow.adapters.amp.dto.AmpError;
import io.irflow.adapters.amp.dto.AmpErrors;
import io.irflow.adapters.amp.dto.Metadata;
import io.irflow.json.Json;
import kong.unirest.core.HttpResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Reading AMP's answers beyond the data: error details, tracking ids and safe next-page links. */
final class AmpResponses {
    private static final int MAX_DETAIL = 200;

    private AmpResponses() {
    }

    static String trackingId(HttpResponse<String> response) {
        String id = response.getHeaders().getFirst("trackingid");
        if (id == null || id.isBlank()) {
            id = response.getHeaders().getFirst("X-Request-Id");
        }
        return id == null || id.isBlank() ? null : id;
    }

    /** The human text of AMP's error envelope ({@code errors[].details}, else the description), or "". */
    static String errorDetail(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            AmpErrors errors = Json.mapper().readValue(body, AmpErrors.class);
            List<String> parts = new ArrayList<>();
            for (AmpError error : nonNull(errors.errors())) {
                if (error == null) {
                    continue;
                }
                List<String> details = nonNull(error.details()).stream().filter(Objects::nonNull).toList();
                if (!details.isEmpty()) {
                    parts.addAll(details);
                } else if (error.description() != null) {
                    parts.add(error.description());
                }
            }
            String text = String.join("; ", parts).strip();
            return text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL) + "…";
        } catch (Exception e) {
            return ""; // not the documented envelope (e.g. a proxy's HTML page): the status alone must do
        }
    }

    /** The next-page link, only when it points at the configured API host (never send credentials elsewhere). */
    static String nextLink(Metadata metadata, String apiBase) {
        if (metadata == null || metadata.links() == null || metadata.links().next() == null) {
            return null;
        }
        String next = metadata.links().next().trim();
        return io.irflow.net.Origins.same(next, apiBase) ? next : null;
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
